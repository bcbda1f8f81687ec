import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import OAuth from 'oauth-1.0a';
import { createWooStandIn, type WooStandIn, type WooStandInOptions } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

/** A stand-in on a free port (a small retailer keeps startup quick). */
export async function startWoo(options: WooStandInOptions = {}): Promise<{ woo: WooStandIn; url: string; close: () => Promise<void> }> {
  const woo = createWooStandIn({ seed: { scale: 0.1 }, ...options });
  await woo.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(woo.app.server.address() as AddressInfo).port}`;
  return { woo, url, close: () => woo.app.close() };
}

export const KEY = 'ck_ucg_dev';
export const SECRET = 'cs_ucg_dev';
export const basic = `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`;
/** Basic auth is honoured only when WordPress sees HTTPS; behind a TLS proxy that is X-Forwarded-Proto. */
export const overHttps = { authorization: basic, 'x-forwarded-proto': 'https' };

/**
 * Signs a URL the way WooCommerce's JS client does (oauth-1.0a, HMAC-SHA256, key = secret + "&"),
 * with a chosen nonce/timestamp so tests can replay or age a request.
 */
export function signedUrl(url: string, options: { method?: string; secret?: string; nonce?: string; timestamp?: number; signatureMethod?: 'HMAC-SHA1' | 'HMAC-SHA256' } = {}): string {
  const method = options.signatureMethod ?? 'HMAC-SHA256';
  const oauth = new OAuth({
    consumer: { key: KEY, secret: options.secret ?? SECRET },
    signature_method: method,
    hash_function: (base, key) => createHmac(method === 'HMAC-SHA1' ? 'sha1' : 'sha256', key).update(base).digest('base64'),
  });
  if (options.nonce !== undefined) oauth.getNonce = () => options.nonce!;
  if (options.timestamp !== undefined) oauth.getTimeStamp = () => options.timestamp!;
  const data = oauth.authorize({ url, method: options.method ?? 'GET' });
  const target = new URL(url);
  for (const [k, v] of Object.entries(data)) target.searchParams.set(k, String(v));
  return target.toString();
}
