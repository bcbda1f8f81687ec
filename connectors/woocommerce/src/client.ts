import { ConnectorError, createHttpClient, resilienceOptions, responseHeader, type HttpClient, type HttpResponse, type RequestOptions } from '@ucg/connector-core';
import type { Logger } from 'pino';
import type { ResolvedWooConfig } from './config.ts';
import { signOAuth1 } from './oauth1.ts';
import type { WooErrorBody } from './types.ts';

export type Query = RequestOptions['query'];

/** The page number a `Link` header's rel="next" points at, if any. */
export function nextPageFromLink(link: string | string[] | undefined): number | undefined {
  const values = Array.isArray(link) ? link : link ? [link] : [];
  for (const entry of values.flatMap((v) => v.split(/,(?=\s*<)/))) {
    const m = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(entry);
    const page = m && /[?&]page=(\d+)/.exec(m[1]!);
    if (page) return Number(page[1]);
  }
  return undefined;
}

function wooCode(response: HttpResponse): string | undefined {
  try {
    const body = JSON.parse(response.text()) as WooErrorBody;
    return typeof body?.code === 'string' ? body.code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Transport and auth for the WooCommerce REST API v3 on top of the shared HTTP layer: OAuth 1.0a
 * signed per attempt (a retry never reuses a nonce), WooCommerce error codes as `vendorCode`, and
 * list walks that follow `Link: rel="next"` / `X-WP-TotalPages`.
 */
export class WooClient {
  readonly http: HttpClient;

  constructor(readonly config: ResolvedWooConfig, logger?: Logger) {
    const https = config.baseUrl.startsWith('https:');
    const mode = config.auth === 'auto' ? (https ? 'basic' : 'oauth1') : config.auth;
    if ((mode === 'basic' || mode === 'query') && !https) {
      // WooCommerce ignores key/secret sent over plain HTTP; failing here beats a confusing 401 later.
      throw new ConnectorError('UPSTREAM_AUTH_FAILED', 'marketplace', `auth "${mode}" needs an https:// base URL; WooCommerce only accepts OAuth 1.0a over http`);
    }
    const credentials = { consumerKey: config.consumerKey, consumerSecret: config.consumerSecret };
    const basic = `Basic ${Buffer.from(`${config.consumerKey}:${config.consumerSecret}`).toString('base64')}`;
    this.http = createHttpClient({
      system: 'marketplace',
      baseUrl: `${config.baseUrl.replace(/\/$/, '')}${config.apiPath}/`,
      ...resilienceOptions(config),
      maxDelayMs: config.maxDelayMs,
      breakerThreshold: config.breakerThreshold,
      breakerHalfOpenAfterMs: config.breakerHalfOpenAfterMs,
      vendorCode: wooCode,
      authorize: ({ method, url, headers }) => {
        if (mode === 'oauth1') signOAuth1(method, url, credentials, { signatureMethod: config.signatureMethod });
        else if (mode === 'basic') headers.authorization = basic;
        else {
          url.searchParams.set('consumer_key', config.consumerKey);
          url.searchParams.set('consumer_secret', config.consumerSecret);
        }
      },
      ...(logger ? { logger } : {}),
    });
  }

  /** A 200 that is not JSON (a host's challenge or maintenance page) is an outage, not data. */
  private static validate(response: HttpResponse): void {
    const type = String(responseHeader(response.headers, 'content-type') ?? '');
    if (!type.includes('json')) {
      throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'marketplace', `expected JSON, got ${type || 'no content type'}`, { statusCode: response.status, upstreamBody: response.text() });
    }
  }

  async request(options: RequestOptions): Promise<HttpResponse> {
    return this.http.request({ ...options, validate: (r) => (r.status === 404 ? undefined : WooClient.validate(r)) });
  }

  async get<T>(path: string, query?: Query): Promise<T> {
    return (await this.request({ path, ...(query ? { query } : {}) })).json<T>();
  }

  /** GET that answers `null` for WooCommerce's 404 (`…_invalid_id`). */
  async find<T>(path: string, query?: Query): Promise<T | null> {
    const response = await this.request({ path, ...(query ? { query } : {}), acceptStatus: [404] });
    return response.status === 404 ? null : response.json<T>();
  }

  async send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, options: { query?: Query; idempotent?: boolean } = {}): Promise<T> {
    const response = await this.request({ method, path, ...(body === undefined ? {} : { body }), ...(options.query ? { query: options.query } : {}), ...(options.idempotent === undefined ? {} : { idempotent: options.idempotent }) });
    return response.json<T>();
  }

  /**
   * Walks a collection page by page. The `Link` header says whether there is a next page; the
   * request for it is rebuilt from our own query rather than taken from the link, because
   * WordPress echoes every query parameter into it unencoded — including the previous request's
   * OAuth signature and nonce, which WooCommerce would refuse as a replay. `X-WP-TotalPages`
   * stands in when a proxy drops the `Link` header.
   */
  async *pages<T>(path: string, query: Query = {}): AsyncGenerator<T[]> {
    for (let page = 1; ; ) {
      const response = await this.request({ path, query: { ...query, per_page: query.per_page ?? this.config.perPage, page } });
      const items = response.json<T[]>();
      if (!Array.isArray(items)) throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'marketplace', `${path} did not answer with a list`, { upstreamBody: response.text() });
      yield items;
      const linked = nextPageFromLink(response.headers.link);
      const totalPages = Number(responseHeader(response.headers, 'x-wp-totalpages'));
      const next = linked ?? (Number.isFinite(totalPages) && page < totalPages ? page + 1 : undefined);
      if (next === undefined || next <= page || items.length === 0) return;
      page = next;
    }
  }

  async all<T>(path: string, query: Query = {}): Promise<T[]> {
    const out: T[] = [];
    for await (const items of this.pages<T>(path, query)) out.push(...items);
    return out;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/** Runs `task` over `items` with at most `limit` in flight, keeping input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) results[i] = await task(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
