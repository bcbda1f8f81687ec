import { createHmac, randomBytes } from 'node:crypto';

/**
 * One-legged OAuth 1.0a (RFC 5849, no token) as WooCommerce verifies it on plain-HTTP requests:
 * the signature covers the method, the URL without its query, and every query parameter plus the
 * `oauth_*` ones; the HMAC key is the raw consumer secret followed by `&`. The parameters travel in
 * the query string (WooCommerce's own recommendation: some hosts strip `Authorization`).
 *
 * Parameter names with `[]` or `.` are not supported: PHP rewrites those before WooCommerce
 * signs, so such a request would not verify. The connector only sends flat names.
 */

export type SignatureMethod = 'HMAC-SHA256' | 'HMAC-SHA1';

export interface OAuthCredentials {
  consumerKey: string;
  consumerSecret: string;
}

export interface SignOptions {
  signatureMethod?: SignatureMethod;
  /** For tests; a fresh random one otherwise. */
  nonce?: string;
  /** Unix seconds; now otherwise. */
  timestamp?: number;
}

/** RFC 3986 percent-encoding (PHP's `rawurlencode`). */
export function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The signature base string for `url` (its query already holding the `oauth_*` parameters). */
export function signatureBaseString(method: string, url: URL): string {
  const pairs = [...url.searchParams]
    .filter(([k]) => k !== 'oauth_signature')
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const params = pairs.map(([k, v]) => `${k}=${v}`).join('&');
  return `${method.toUpperCase()}&${percentEncode(`${url.origin}${url.pathname}`)}&${percentEncode(params)}`;
}

/** 32 alphanumerics: WooCommerce remembers each nonce for 15 minutes and refuses it a second time. */
function nonce(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return [...randomBytes(32)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Adds `oauth_*` parameters and the signature to `url` in place (call once per attempt). */
export function signOAuth1(method: string, url: URL, credentials: OAuthCredentials, options: SignOptions = {}): void {
  const signatureMethod = options.signatureMethod ?? 'HMAC-SHA256';
  for (const k of [...url.searchParams.keys()]) if (k.startsWith('oauth_')) url.searchParams.delete(k);
  url.searchParams.set('oauth_consumer_key', credentials.consumerKey);
  url.searchParams.set('oauth_nonce', options.nonce ?? nonce());
  url.searchParams.set('oauth_signature_method', signatureMethod);
  url.searchParams.set('oauth_timestamp', String(options.timestamp ?? Math.floor(Date.now() / 1000)));
  url.searchParams.set('oauth_version', '1.0');
  // WooCommerce appends `&` to the secret as stored, without percent-encoding it (RFC 5849 would encode it).
  const key = `${credentials.consumerSecret}&`;
  const signature = createHmac(signatureMethod === 'HMAC-SHA1' ? 'sha1' : 'sha256', key).update(signatureBaseString(method, url)).digest('base64');
  url.searchParams.set('oauth_signature', signature);
}
