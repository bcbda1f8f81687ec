import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { WooError } from './errors.ts';
import { NonceLedger, verifyOAuth, type ApiKey } from './oauth.ts';
import { parseStr, type PhpArray } from './php-query.ts';

/** Form-encoded bodies as PHP put them in `$_POST` (they take part in the OAuth signature; JSON bodies do not). */
export const postParams = new WeakMap<FastifyRequest, PhpArray>();

export interface SiteOptions {
  /** The WordPress home URL; when unset, the origin the request was addressed to (Host header). */
  siteUrl?: string;
  /** Treat `X-Forwarded-Proto: https` as HTTPS, as a wp-config.php behind a TLS-terminating proxy does. */
  trustForwardedProto: boolean;
}

/** WordPress `is_ssl()`: the connection (or, behind a trusted proxy, the client's) is HTTPS. */
export function isSsl(request: FastifyRequest, site: SiteOptions): boolean {
  if (request.protocol === 'https') return true;
  const forwarded = request.headers['x-forwarded-proto'];
  return site.trustForwardedProto && (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim() === 'https';
}

/** `get_home_url(null, '', is_ssl() ? 'https' : 'http')`, without the trailing slash. */
export function homeUrl(request: FastifyRequest, site: SiteOptions): string {
  const scheme = isSsl(request, site) ? 'https' : 'http';
  const configured = site.siteUrl ? new URL(site.siteUrl) : new URL(`http://${request.headers.host ?? '127.0.0.1'}`);
  return `${scheme}://${configured.host}${configured.pathname.replace(/\/$/, '')}`;
}

function secretsMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function basicCredentials(request: FastifyRequest, get: PhpArray): [string, string] | undefined {
  const key = get.get('consumer_key');
  const secret = get.get('consumer_secret');
  if (typeof key === 'string' && key && typeof secret === 'string' && secret) return [key, secret];
  const header = request.headers.authorization;
  if (!header?.startsWith('Basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return undefined;
  return [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

export interface Authenticator {
  /** The API key the request authenticated with, `undefined` for an anonymous request; throws a Woo 401. */
  authenticate(request: FastifyRequest): ApiKey | undefined;
  readonly nonces: NonceLedger;
}

/**
 * `WC_REST_Authentication::authenticate()`: over HTTPS, consumer key/secret in the query string
 * or as HTTP Basic; otherwise (and when those are absent) one-legged OAuth 1.0a. Basic credentials
 * sent over plain HTTP are ignored, so such a caller is simply anonymous.
 */
export function createAuthenticator(keys: readonly ApiKey[], site: SiteOptions, nonces = new NonceLedger()): Authenticator {
  const findKey = (consumerKey: string) => keys.find((k) => secretsMatch(k.consumerKey, consumerKey));
  return {
    nonces,
    authenticate(request) {
      const [path = '', query = ''] = request.url.split(/\?(.*)/s);
      const get = parseStr(query);
      let error: WooError | undefined;
      if (isSsl(request, site)) {
        const credentials = basicCredentials(request, get);
        const key = credentials && findKey(credentials[0]);
        if (key && credentials) {
          if (secretsMatch(key.consumerSecret, credentials[1])) return key;
          error = new WooError('woocommerce_rest_authentication_error', 'Consumer secret is invalid.', 401);
        }
      }
      const home = homeUrl(request, site);
      const homePath = `${new URL(home).pathname.replace(/\/$/, '')}/`;
      const relative = path.startsWith(homePath) ? path.slice(homePath.length) : path.replace(/^\/+/, '');
      const key = verifyOAuth({ method: request.method, baseUri: `${home}/${relative}`, get, post: postParams.get(request) ?? new Map(), authorization: request.headers.authorization }, findKey, nonces);
      // A failed Basic attempt leaves its error standing even if OAuth then succeeds, as in WooCommerce.
      if (error) throw error;
      return key;
    },
  };
}

/** `check_permissions()`: a read-only key may not write. */
export function assertKeyMayWrite(key: ApiKey, method: string): void {
  const writes = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
  if (writes && key.permissions === 'read') {
    throw new WooError('woocommerce_rest_authentication_error', 'The API key provided does not have write permissions.', 401);
  }
  if (!writes && key.permissions === 'write') {
    throw new WooError('woocommerce_rest_authentication_error', 'The API key provided does not have read permissions.', 401);
  }
}
