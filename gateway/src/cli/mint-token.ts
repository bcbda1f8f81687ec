import { parseArgs } from 'node:util';
import { mintDevToken } from '../plugins/identity/index.ts';
import { hashApiKey } from '../plugins/identity/api-keys.ts';

/**
 * Development credentials for the README's examples:
 *   npm run token -w @ucg/gateway -- --email ava.chen@example.com
 *   npm run token -w @ucg/gateway -- --scope "inventory:read orders:read" --sub ops-1
 *   npm run token -w @ucg/gateway -- --hash-key <partner key> --company acme --group B2 --scope "inventory:read prices:b2b"
 * The last prints a PARTNER_KEYS entry: the gateway stores partner keys only as their SHA-256.
 */
const { values } = parseArgs({
  options: { email: { type: 'string' }, scope: { type: 'string' }, sub: { type: 'string' }, ttl: { type: 'string', default: '8h' }, 'hash-key': { type: 'string' }, company: { type: 'string' }, group: { type: 'string' } },
});
if (values['hash-key']) {
  const entry = { keySha256: hashApiKey(values['hash-key']), companyId: values.company ?? 'acme', customerGroup: values.group ?? 'B2', scopes: (values.scope ?? '').split(/\s+/).filter(Boolean) };
  process.stdout.write(`${JSON.stringify(entry)}\n`);
  process.exit(0);
}
if (!values.email && !values.scope) {
  process.stderr.write('usage: mint-token --email <customer email> | --scope "<scopes>" [--sub <staff id>] [--ttl 8h] | --hash-key <partner key> [--company c] [--group g] [--scope s]\n');
  process.exit(2);
}
const token = await mintDevToken(
  { ...(values.email ? { email: values.email } : {}), ...(values.scope ? { scope: values.scope, sub: values.sub ?? 'staff-dev' } : {}) },
  { secret: process.env.JWT_SECRET ?? 'ucg-dev-jwt-secret', issuer: process.env.JWT_ISSUER ?? 'ucg-dev', audience: process.env.JWT_AUDIENCE ?? 'ucg', expiresIn: values.ttl! },
);
process.stdout.write(`${token}\n`);
