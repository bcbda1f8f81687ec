import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { devPartnerKey, hashApiKey, loadConfig, mintDevToken } from '../src/index.ts';
import { identityResolver } from '../src/plugins/identity/index.ts';

const secret = 'ucg-dev-jwt-secret';
const resolve = identityResolver(loadConfig({ NODE_ENV: 'test' }).identity);
const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const bearer = (token: string) => req({ authorization: `Bearer ${token}` });
const sign = (claims: Record<string, unknown>, exp: number, options: { iss?: string; aud?: string } = {}) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuer(options.iss ?? 'ucg-dev').setAudience(options.aud ?? 'ucg').setExpirationTime(exp).sign(new TextEncoder().encode(secret));
const now = () => Math.floor(Date.now() / 1000);
const reason = async (p: Promise<unknown>) => p.then(() => 'accepted', (e: { extensions: { code: string; reason: string; http: { status: number } } }) => `${e.extensions.http.status} ${e.extensions.code} ${e.extensions.reason}`);

describe('identity', () => {
  it('names a customer by the email claim and staff by scope', async () => {
    expect(await resolve(bearer(await mintDevToken({ email: 'Ava.Chen@Example.com' })))).toEqual({ customer: { email: 'ava.chen@example.com' } });
    expect(await resolve(bearer(await mintDevToken({ scope: 'inventory:read orders:read', sub: 'ops-7' })))).toEqual({ staff: { subject: 'ops-7', scopes: ['inventory:read', 'orders:read'] } });
    expect(await resolve(req({}))).toEqual({});
  });

  it('checks issuer, audience and expiry, tolerating a bounded clock skew', async () => {
    expect(await reason(resolve(bearer(await sign({ email: 'a@b.c' }, now() + 60, { iss: 'someone' }))))).toBe('401 UNAUTHENTICATED AUTH_TOKEN_INVALID');
    expect(await reason(resolve(bearer(await sign({ email: 'a@b.c' }, now() + 60, { aud: 'other' }))))).toBe('401 UNAUTHENTICATED AUTH_TOKEN_INVALID');
    expect(await reason(resolve(bearer(await sign({ email: 'a@b.c' }, now() - 10))))).toBe('accepted');
    expect(await reason(resolve(bearer(await sign({ email: 'a@b.c' }, now() - 120))))).toBe('401 UNAUTHENTICATED AUTH_TOKEN_EXPIRED');
    expect(await reason(resolve(bearer(await new SignJWT({ email: 'a@b.c' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('ucg-dev').setAudience('ucg').sign(new TextEncoder().encode(secret)))))).toBe('401 UNAUTHENTICATED AUTH_TOKEN_INVALID');
    expect(await reason(resolve(bearer(await sign({ name: 'nobody' }, now() + 60))))).toBe('401 UNAUTHENTICATED AUTH_TOKEN_NO_SUBJECT');
  });

  it('verifies production tokens against a JWKS URL (RS256), refusing the development secret there', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
      const production = identityResolver(loadConfig({ JWKS_URL: jwksUrl, JWT_ISSUER: 'https://id.example', JWT_AUDIENCE: 'ucg-api' }).identity);
      const token = await new SignJWT({ email: 'ava.chen@example.com' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer('https://id.example').setAudience('ucg-api').setExpirationTime('5m').sign(privateKey);
      expect(await production(bearer(token))).toEqual({ customer: { email: 'ava.chen@example.com' } });
      expect(await reason(production(bearer(await mintDevToken({ email: 'ava.chen@example.com' }, { issuer: 'https://id.example', audience: 'ucg-api' }))))).toBe('401 UNAUTHENTICATED AUTH_TOKEN_INVALID');
    } finally {
      server.close();
    }
  });

  it('knows partners by API key (stored hashed) with their company, customer group and scopes', async () => {
    expect(await resolve(req({ 'x-api-key': devPartnerKey }))).toEqual({ partner: { companyId: 'acme', customerGroup: 'B2', scopes: ['inventory:read', 'prices:b2b', 'orders:read'] } });
    expect(await reason(resolve(req({ 'x-api-key': 'ucg-partner-dev-acmE' })))).toBe('401 UNAUTHENTICATED AUTH_API_KEY_UNKNOWN');
    expect(await reason(resolve(req({ 'x-api-key': devPartnerKey, authorization: 'Bearer x' })))).toBe('401 UNAUTHENTICATED AUTH_AMBIGUOUS');
    const custom = identityResolver(loadConfig({ PARTNER_KEYS: JSON.stringify([{ keySha256: hashApiKey('k-123'), companyId: 'globex', customerGroup: 'B1', scopes: 'inventory:read' }]) }).identity);
    expect(await custom(req({ 'x-api-key': 'k-123' }))).toEqual({ partner: { companyId: 'globex', customerGroup: 'B1', scopes: ['inventory:read'] } });
    expect(await reason(custom(req({ 'x-api-key': devPartnerKey })))).toBe('401 UNAUTHENTICATED AUTH_API_KEY_UNKNOWN');
  });
});

describe('configuration', () => {
  it('has working development defaults', () => {
    const config = loadConfig({});
    expect(config.identity.jwt).toEqual({ secret, issuer: 'ucg-dev', audience: 'ucg', clockToleranceS: 30 });
    expect(config.persistedOperations.safelistKinds).toEqual(['partner']);
    expect(config.limits.maxCost).toEqual({ anonymous: 5000, customer: 5000, partner: 25000, staff: 50000 });
    expect(config.rateLimit?.limits.partner).toEqual({ burst: 300, perSecond: 50 });
    expect(Object.isFrozen(config.limits)).toBe(true);
  });

  it('reports every problem at once', () => {
    expect(() => loadConfig({ MAX_DEPTH: '0', PARTNER_KEYS: '[{"keySha256":"plain-key"}]', RATE_LIMIT_ENABLED: 'maybe', PQ_SAFELIST_KINDS: 'partner,robots' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', problems: expect.arrayContaining([expect.stringMatching(/^MAX_DEPTH/), expect.stringMatching(/^PARTNER_KEYS/), expect.stringMatching(/^RATE_LIMIT_ENABLED/), expect.stringMatching(/^PQ_SAFELIST_KINDS/)]) }),
    );
  });
});
