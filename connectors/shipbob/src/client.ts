import { ConnectorError, createHttpClient, resilienceOptions, responseHeader, type HttpClient, type HttpResponse, type RequestOptions } from '@ucg/connector-core';
import type { Logger } from 'pino';
import { shipBobConfigSchema, type ResolvedShipBobConfig, type ShipBobConfig } from './config.ts';
import { createShipBobThrottle } from './throttle.ts';
import type { PagedResponse, WireChannel } from './wire.ts';

/** Query values; arrays are ShipBob list parameters (`IDs=1,2`). */
export type Query = Record<string, string | number | boolean | readonly (string | number)[] | undefined>;

/** ShipBob's error bodies name the problem in different places; one short code for logs. */
function vendorCode(response: HttpResponse): string | undefined {
  try {
    const body = response.json<Record<string, unknown>>();
    if (typeof body.title === 'string') return body.title;
    if (typeof body.message === 'string') return body.message;
    const first = Object.values(body).find(Array.isArray) as unknown[] | undefined;
    return typeof first?.[0] === 'string' ? first[0] : undefined;
  } catch {
    return undefined;
  }
}

/** Transport, auth, throttling and paging for the ShipBob Developer API. */
export class ShipBobClient {
  readonly http: HttpClient;
  readonly config: ResolvedShipBobConfig;
  private channel?: Promise<string>;

  constructor(config: ShipBobConfig, logger?: Logger) {
    this.config = Object.freeze(shipBobConfigSchema.parse(config));
    const throttle = createShipBobThrottle(this.config.rateLimit);
    const { token } = this.config;
    this.http = createHttpClient({
      system: '3pl-us',
      baseUrl: this.config.baseUrl,
      ...resilienceOptions(this.config),
      headers: () => ({ authorization: `Bearer ${token}` }),
      throttleDelay: throttle.throttleDelay,
      onResponse: throttle.onResponse,
      vendorCode,
      ...(logger ? { logger } : {}),
    });
  }

  path(resource: string): string {
    return `/${this.config.apiVersion}/${resource}`;
  }

  /**
   * `path(resource)` with a query string whose list values are joined by literal commas: ShipBob
   * splits lists on ',' only, not on the `%2C` URL builders produce.
   */
  url(resource: string, query: Query = {}): string {
    const pairs = Object.entries(query)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${Array.isArray(v) ? v.map((x) => encodeURIComponent(String(x))).join(',') : encodeURIComponent(String(v))}`);
    return pairs.length ? `${this.path(resource)}?${pairs.join('&')}` : this.path(resource);
  }

  /** The channel writes go through: configured, or the one `GET /channel` shows with `orders_write`. */
  channelId(): Promise<string> {
    if (this.config.channelId) return Promise.resolve(this.config.channelId);
    this.channel ??= this.cursorPages<WireChannel>('channel', {}).then((channels) => {
      const writable = channels.find((c) => c.scopes?.includes('orders_write') && c.application_name === 'SMA') ?? channels.find((c) => c.scopes?.includes('orders_write'));
      if (!writable) throw new ConnectorError('UPSTREAM_AUTH_FAILED', '3pl-us', 'no ShipBob channel with orders_write scope is available to this token');
      return String(writable.id);
    });
    this.channel.catch(() => (this.channel = undefined));
    return this.channel;
  }

  /** Every page of a `Page`/`Limit` listing, following the `next-page` header until there is none. */
  async pages<T>(resource: string, query: Query): Promise<T[]> {
    const out: T[] = [];
    const seen = new Set<string>();
    let request: RequestOptions = { path: this.url(resource, { ...query, Page: 1, Limit: query.Limit ?? this.config.pageSize }) };
    for (;;) {
      const response = await this.http.request(request);
      out.push(...response.json<T[]>());
      const next = responseHeader(response.headers, 'next-page');
      if (!next || seen.has(next)) return out;
      seen.add(next);
      request = { path: next };
    }
  }

  /** Every page of a cursor listing, following the body's `next` link until it is null. */
  async cursorPages<T>(resource: string, query: Query): Promise<T[]> {
    const out: T[] = [];
    const seen = new Set<string>();
    let request: RequestOptions = { path: this.url(resource, query) };
    for (;;) {
      const page = await this.http.json<PagedResponse<T>>(request);
      out.push(...(page.items ?? []));
      if (!page.next || seen.has(page.next)) return out;
      seen.add(page.next);
      request = { path: page.next };
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
