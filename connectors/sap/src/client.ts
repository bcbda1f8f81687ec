import { ConnectorError, createHttpClient, resilienceOptions, responseHeader, type HttpClient, type HttpResponse, type RequestOptions } from '@ucg/connector-core';
import type { Logger } from 'pino';
import { buildBatch, parseBatch, type BatchChange, type BatchPartResponse, type BatchRead } from './batch.ts';
import type { ResolvedSapConfig } from './config.ts';
import { batchPartError, isCsrfRejection, vendorCodeOf } from './errors.ts';
import { ODATA_ROOT, type ODataList, type SapService } from './odata.ts';

type Query = Record<string, string | number | undefined>;

export interface WriteOptions {
  /** Safe to resend (only when the ERP de-duplicates it). @default false */
  idempotent?: boolean;
  contentType?: string;
  accept?: string;
}

function envelope<T>(body: ODataList<T>, what: string): ODataList<T>['d'] {
  if (!body?.d || !Array.isArray(body.d.results)) throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'erp', `${what}: no d.results in the answer`);
  return body.d;
}

/**
 * Transport for SAP OData v2 services: Basic auth, `sap-client`, server-driven paging, Gateway's
 * CSRF protocol for writes (token + session cookie, fetched once, re-fetched once on
 * `403 X-CSRF-Token: Required`) and `$batch`. Timeouts, retries and the breaker come from connector-core.
 */
export class SapClient {
  readonly http: HttpClient;
  private readonly cookies = new Map<string, string>();
  private token: string | undefined;
  private pendingToken: Promise<string> | undefined;

  constructor(private readonly config: ResolvedSapConfig, logger?: Logger) {
    const auth = `Basic ${Buffer.from(`${config.user}:${config.password}`).toString('base64')}`;
    this.http = createHttpClient({
      system: 'erp',
      baseUrl: config.baseUrl,
      ...resilienceOptions(config),
      headers: () => ({
        authorization: auth,
        'sap-client': config.sapClient,
        ...(this.cookies.size > 0 ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
      }),
      vendorCode: vendorCodeOf,
      ...(logger ? { logger } : {}),
    });
  }

  private path(service: SapService, resource: string): string {
    return `${ODATA_ROOT}/${service}/${resource}`;
  }

  /** SAP behind a proxy may write its internal host into `__next`: keep only path and query. */
  private rebase(next: string): string {
    const u = new URL(next, this.config.baseUrl);
    return `${u.pathname}${u.search}`;
  }

  /** Walks `__next` links from a first page until the last one. */
  private async walk<T>(first: ODataList<T>, what: string): Promise<T[]> {
    const out: T[] = [];
    let page = envelope(first, what);
    for (let n = 1; ; n++) {
      out.push(...page.results);
      if (!page.__next) return out;
      if (n >= this.config.maxPages) throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'erp', `${what}: more than ${this.config.maxPages} pages`);
      page = envelope(await this.http.json<ODataList<T>>({ path: this.rebase(page.__next) }), what);
    }
  }

  /** GETs an entity set (or navigation) with every page. */
  async list<T>(service: SapService, resource: string, query: Query = {}, options: Partial<RequestOptions> = {}): Promise<T[]> {
    const first = await this.http.json<ODataList<T>>({ ...options, path: this.path(service, resource), query: { ...query, $format: 'json' } });
    return this.walk(first, `${service}/${resource}`);
  }

  /** GETs one entity; undefined when it does not exist. */
  async get<T>(service: SapService, resource: string, query: Query = {}): Promise<T | undefined> {
    const res = await this.http.request({ path: this.path(service, resource), query: { ...query, $format: 'json' }, acceptStatus: [404] });
    return res.status === 404 ? undefined : res.json<{ d: T }>().d;
  }

  private storeCookies(setCookie: string | string[] | undefined): void {
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const pair = line.split(';')[0] ?? '';
      const i = pair.indexOf('=');
      if (i > 0) this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
  }

  /** The security session's CSRF token, fetched once (concurrent writers share one fetch). */
  private csrfToken(service: SapService): Promise<string> {
    if (this.token) return Promise.resolve(this.token);
    this.pendingToken ??= (async () => {
      try {
        const res = await this.http.request({ path: `${ODATA_ROOT}/${service}/`, headers: { 'x-csrf-token': 'Fetch' } });
        this.storeCookies(res.headers['set-cookie']);
        const token = responseHeader(res.headers, 'x-csrf-token');
        if (!token || token.toLowerCase() === 'required') throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'erp', 'SAP Gateway answered a token fetch without a CSRF token', { statusCode: res.status });
        this.token = token;
        return token;
      } finally {
        this.pendingToken = undefined;
      }
    })();
    return this.pendingToken;
  }

  /**
   * A modifying request with Gateway's CSRF protocol. A refused token (expired session) is
   * re-fetched and the request sent once more: Gateway refused it before doing anything, so
   * the retry cannot duplicate the write.
   */
  async write(method: 'POST' | 'PATCH' | 'MERGE' | 'PUT' | 'DELETE', service: SapService, resource: string, body: unknown, options: WriteOptions = {}): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.csrfToken(service);
      try {
        return await this.http.request({
          method: method === 'MERGE' ? 'POST' : method,
          path: this.path(service, resource),
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: {
            'x-csrf-token': token,
            'content-type': options.contentType ?? 'application/json',
            accept: options.accept ?? 'application/json',
            ...(method === 'MERGE' ? { 'x-http-method': 'MERGE' } : {}),
          },
          idempotent: options.idempotent ?? false,
        });
      } catch (error) {
        if (attempt > 0 || !isCsrfRejection(error)) throw error;
        if (this.token === token) this.token = undefined;
      }
    }
  }

  /** One `$batch` call: reads and changesets of one service; answers per part (see parseBatch). */
  async batch(service: SapService, reads: readonly BatchRead[], changesets: readonly (readonly BatchChange[])[] = []): Promise<BatchPartResponse[][]> {
    const { contentType, body } = buildBatch(reads, changesets);
    const res = await this.write('POST', service, '$batch', body, { contentType, accept: 'multipart/mixed', idempotent: changesets.length === 0 });
    return parseBatch(res.text(), responseHeader(res.headers, 'content-type') ?? '');
  }

  /**
   * Reads several resources of one service: one GET when there is one, else one `$batch` for
   * all; either way every page of every answer (later pages are plain GETs of `__next`).
   */
  async readMany<T>(service: SapService, reads: readonly BatchRead[]): Promise<T[][]> {
    if (reads.length === 0) return [];
    if (reads.length === 1) return [await this.list<T>(service, reads[0]!.path, reads[0]!.query)];
    const answers = await this.batch(service, reads.map((r) => ({ ...r, query: { ...r.query, $format: 'json' } })));
    return Promise.all(answers.map(async ([part], i) => {
      const what = `${service}/${reads[i]!.path} in $batch`;
      if (!part) throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'erp', `${what}: no answer`);
      if (part.status !== 200) throw batchPartError(part.status, part.body, part.headers, what);
      let parsed: ODataList<T>;
      try {
        parsed = JSON.parse(part.body) as ODataList<T>;
      } catch (cause) {
        throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'erp', `${what}: not JSON`, { cause });
      }
      return this.walk(parsed, what);
    }));
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
