import { createHmac, timingSafeEqual } from 'node:crypto';
import { WooError } from './errors.ts';
import { urldecode, type PhpArray, type PhpValue } from './php-query.ts';

/**
 * WooCommerce's one-legged OAuth 1.0a check for plain-HTTP requests, step for step as
 * `WC_REST_Authentication::perform_oauth_authentication()` does it:
 *  - parameters are `$_GET` + `$_POST` + an `Authorization: OAuth …` header (header wins);
 *  - the base URI is the *site's home URL* plus the request path, not the Host the client used;
 *  - keys are sorted (strcmp, before encoding), then keys and values are rawurlencoded, each
 *    `k=v` is rawurlencoded again and the pairs are joined with `%26`;
 *  - the HMAC key is the consumer secret with `&` appended (there is no token secret);
 *  - the signature is checked before the timestamp (±15 min) and the nonce;
 *  - used nonces are kept per key *indexed by timestamp*, so two requests signed in the same
 *    second overwrite each other's entry (a quirk we keep: the real store forgets that nonce).
 */

export const OAUTH_WINDOW_SECONDS = 15 * 60;
const required = ['oauth_consumer_key', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature', 'oauth_signature_method'] as const;

/** PHP `rawurlencode()`: RFC 3986 unreserved characters stay, everything else is %XX. */
export function rawurlencode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function rawurldecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const authError = (message: string) => new WooError('woocommerce_rest_authentication_error', message, 401);

/** `parse_header()`: the `oauth_*` pairs of an `Authorization: OAuth …` header, url-decoded (`+` is a space). */
export function parseOAuthHeader(header: string | undefined): Map<string, string> {
  const params = new Map<string, string>();
  const value = header?.trim();
  if (!value?.startsWith('OAuth ')) return params;
  for (const m of value.matchAll(/(oauth_[a-z_-]*)=(:?"([^"]*)"|([^,]*))/g)) {
    params.set(m[1]!, urldecode(m[3] ? m[3] : (m[4] ?? '')));
  }
  return params;
}

/** `wc_rest_urlencode_rfc3986()` over values: nested arrays keep their keys as they were (array_map). */
function normalise(value: PhpValue): PhpValue {
  return typeof value === 'string' ? rawurlencode(value) : new Map([...value].map(([k, v]) => [k, normalise(v)]));
}

function joinWithEquals(params: PhpArray, out: string[] = [], prefix = ''): string[] {
  for (const [rawKey, value] of params) {
    const key = prefix ? `${prefix}%5B${rawKey}%5D` : rawKey;
    if (typeof value === 'string') out.push(rawurlencode(`${key}=${value}`));
    else joinWithEquals(value, out, key);
  }
  return out;
}

/** The string WooCommerce signs, for a request whose parameters are already merged. */
export function wooSignatureBaseString(method: string, baseUri: string, params: PhpArray): string {
  const sorted = [...params].filter(([k]) => k !== 'oauth_signature').sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const normalised: PhpArray = new Map(sorted.map(([k, v]) => [rawurlencode(k), normalise(v)]));
  return `${method.toUpperCase()}&${rawurlencode(baseUri)}&${joinWithEquals(normalised).join('%26')}`;
}

export interface ApiKey {
  consumerKey: string;
  consumerSecret: string;
  permissions: 'read' | 'write' | 'read_write';
}

/** The `nonces` column of `woocommerce_api_keys`: timestamp → nonce, per key. */
export class NonceLedger {
  private readonly byKey = new Map<string, Map<string, string>>();

  constructor(private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000)) {}

  /** Throws WooCommerce's error for a stale timestamp or a reused nonce; otherwise records the nonce. */
  check(consumerKey: string, timestamp: string, nonce: string): void {
    const now = this.nowSeconds();
    const numeric = /^\s*[+-]?\d+(\.\d+)?\s*$/.test(timestamp) ? Number(timestamp) : Number.NaN;
    if (!(numeric >= now - OAUTH_WINDOW_SECONDS && numeric <= now + OAUTH_WINDOW_SECONDS)) throw authError('Invalid timestamp.');
    const used = this.byKey.get(consumerKey) ?? new Map<string, string>();
    if ([...used.values()].includes(nonce)) throw authError('Invalid nonce - nonce has already been used.');
    used.set(String(Math.trunc(numeric)), nonce);
    for (const ts of used.keys()) if (Number(ts) < now - OAUTH_WINDOW_SECONDS) used.delete(ts);
    this.byKey.set(consumerKey, used);
  }

  clear(): void {
    this.byKey.clear();
  }
}

export interface OAuthRequest {
  method: string;
  /** Home URL + request path, e.g. `http://127.0.0.1:4106/wp-json/wc/v3/products`. */
  baseUri: string;
  get: PhpArray;
  post: PhpArray;
  authorization: string | undefined;
}

/**
 * Returns the authenticated key, `undefined` when the request carries no OAuth parameters at all
 * (the caller is then simply not logged in), or throws the WooCommerce 401.
 */
export function verifyOAuth(request: OAuthRequest, findKey: (consumerKey: string) => ApiKey | undefined, nonces: NonceLedger): ApiKey | undefined {
  const params: PhpArray = new Map([...request.get, ...request.post]);
  for (const [k, v] of parseOAuthHeader(request.authorization)) params.set(k, v);

  const missing = required.filter((name) => {
    const v = params.get(name);
    return typeof v !== 'string' || v === '' || v === '0';
  });
  if (missing.length === required.length) return undefined;
  if (missing.length) {
    throw new WooError('woocommerce_rest_authentication_missing_parameter', `Missing OAuth parameter${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, 401);
  }
  const get = (name: (typeof required)[number]) => params.get(name) as string;

  const key = findKey(get('oauth_consumer_key'));
  if (!key) throw authError('Consumer key is invalid.');

  const consumerSignature = rawurldecode(get('oauth_signature').replace(/ /g, '+'));
  const method = get('oauth_signature_method');
  const base = wooSignatureBaseString(request.method, request.baseUri, params);
  if (method !== 'HMAC-SHA1' && method !== 'HMAC-SHA256') throw authError('Invalid signature - signature method is invalid.');
  const expected = createHmac(method === 'HMAC-SHA1' ? 'sha1' : 'sha256', `${key.consumerSecret}&`).update(base).digest('base64');
  const a = Buffer.from(expected);
  const b = Buffer.from(consumerSignature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw authError('Invalid signature - provided signature does not match.');

  nonces.check(key.consumerKey, get('oauth_timestamp'), get('oauth_nonce'));
  return key;
}
