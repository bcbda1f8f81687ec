import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Lru } from '../lru.ts';
import { etagOf, ResponseStore, type CachedResponse } from './store.ts';

export { ResponseStore, etagOf, type CachedResponse } from './store.ts';
export { askedOf, callerOf } from './asked.ts';
export { responseCachePlugin } from './plugin.ts';

export interface ResponseCacheOptions {
  /** Longest any response is served from the cache, whatever max-age the subgraphs allow. @default 1000 */
  maxTtlMs: number;
  /** @default 10000 */
  maxEntries: number;
  /** @default 64 MiB */
  maxBytes: number;
  /**
   * Past `maxTtlMs` but within the subgraphs' max-age, answer the stored response at once and
   * fetch a fresh one in the background (one per key). @default true
   */
  staleWhileRevalidate: boolean;
  /**
   * Also keep answers the subgraphs marked `private`, for the caller who asked only (keyed by the
   * verified identity, never by the raw credential). @default true
   */
  privateAnswers: boolean;
}

/** What the cache sees of a finished response. */
export interface ResponseToAdmit {
  status: number;
  cacheControl: string | undefined;
  contentType: string | undefined;
  body: string;
  operation: string;
  /** `query`, `mutation`, …: only queries are stored. */
  operationType: string | undefined;
  /** True when the key names the caller: only then may a `private` answer be kept. */
  perCaller: boolean;
}

export type CacheOutcome = 'HIT' | 'STALE' | 'MISS' | 'COALESCED' | 'PASS';

const cacheableControl = /^max-age=(\d+), (public|private)$/;
/** Every `"sku":"…"` in an answer (JSON-escaped SKUs are rare; they are matched escaped and never dropped wrongly, only late). */
const skuField = /"sku":"((?:[^"\\]|\\.)*)"/g;

/**
 * How long a key whose answer could not be stored skips the cache (no waiting for an identical
 * request in flight): waiting costs those requests a whole extra round trip, so it is tried again
 * only now and then, in case the subgraphs' hints changed.
 */
const passMs = 30_000;

/**
 * True for an answer that failed because a subgraph was down or slow (`SUBGRAPH_*` errors): it may
 * not be stored, but it says nothing about whether the operation's answers may be.
 */
function failedUpstream(body: string): boolean {
  try {
    const errors = (JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] }).errors;
    return Array.isArray(errors) && errors.some((e) => String(e?.extensions?.code ?? '').startsWith('SUBGRAPH_'));
  } catch {
    return false;
  }
}

/** True when `if-none-match` names this validator (or `*`), weak or strong. */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/**
 * The whole-response cache in front of Apollo Server: answers to queries (GET from anyone, POST
 * from callers with credentials; full text, APQ or persisted id) that the subgraphs marked cacheable with a max-age are stored, keyed by
 * operation, variables, the headers that reach subgraphs and, for a caller with credentials, the
 * caller's verified identity; and answered again without parsing, planning or any subgraph call:
 * fresh for at most `maxTtlMs`, then (stale-while-revalidate, within the subgraphs' max-age)
 * answered at once while one request refreshes it in the background. A `public` answer is shared
 * by every caller asking the same; a `private` one (a partner's prices) is kept only under a key
 * that names its caller; an anonymous request never gets a private answer from the cache.
 *
 * Identical misses arriving together wait for the first one (one trip to the subgraphs when a hot
 * entry expires). When that answer may not be stored they run on their own, and the key is passed
 * straight through for 30 s so that an uncacheable operation is not serialised behind itself.
 */
export class ResponseCache {
  private readonly store: ResponseStore;
  private readonly inflight = new Map<string, Promise<CachedResponse | undefined>>();
  private readonly passUntil = new Lru<string, number>(10_000);

  constructor(private readonly options: ResponseCacheOptions) {
    this.store = new ResponseStore(options.maxEntries, options.maxBytes);
  }

  get privateAnswers(): boolean {
    return this.options.privateAnswers;
  }

  /**
   * The key of a request whose answer may come from the cache: what it asks (`askedOf`), the
   * headers that change the answer and, for a caller with credentials, who the caller is (`caller`,
   * from the verified identity). Undefined when the request cannot be a cached query.
   */
  keyOf(req: IncomingMessage, asked: string | undefined, caller: string | undefined): string | undefined {
    if (asked === undefined) return undefined;
    const h = req.headers;
    // accept picks the response's content type; accept-language reaches subgraphs.
    const head = JSON.stringify([req.method, caller ?? null, h.accept ?? null, h['accept-language'] ?? null]);
    return createHash('sha256').update(head).update('\n').update(asked).digest('base64url');
  }

  /** A fresh entry, or (when allowed) a stale one still within its max-age; `stale` says which. */
  lookup(key: string, now = Date.now()): { entry: CachedResponse; stale: boolean } | undefined {
    const entry = this.store.get(key, now);
    if (!entry) return undefined;
    if (entry.expiresAt > now) return { entry, stale: false };
    return this.options.staleWhileRevalidate ? { entry, stale: true } : undefined;
  }

  /** True while a request for this key is on its way to the subgraphs. */
  fetching(key: string): boolean {
    return this.inflight.has(key);
  }

  /** Resolves with the stored answer of an identical request in flight, undefined when there is none to wait for. */
  waitFor(key: string, now = Date.now()): Promise<CachedResponse | undefined> | undefined {
    return this.passing(key, now) ? undefined : this.inflight.get(key);
  }

  /** True for a while after this key's answer could not be stored: such requests skip the cache. */
  passing(key: string, now = Date.now()): boolean {
    const until = this.passUntil.get(key);
    return until !== undefined && until > now;
  }

  /**
   * Runs the first of identical requests: `produce` answers it; the answer is stored when it may be,
   * and handed to the requests that waited meanwhile.
   */
  async lead<T>(key: string, produce: () => Promise<{ result: T; admit?: ResponseToAdmit }>): Promise<{ result: T; entry?: CachedResponse }> {
    let settle!: (entry: CachedResponse | undefined) => void;
    this.inflight.set(key, new Promise((resolve) => (settle = resolve)));
    let entry: CachedResponse | undefined;
    const startedAt = Date.now();
    try {
      const { result, admit } = await produce();
      entry = admit ? this.admit(key, admit, Date.now(), startedAt) : undefined;
      return { result, ...(entry ? { entry } : {}) };
    } finally {
      this.inflight.delete(key);
      settle(entry);
    }
  }

  /**
   * Stores a response when it may be shared; answers the stored entry (or undefined). A key whose
   * answer may not be stored is passed through for a while, unless it failed for a subgraph's outage.
   */
  admit(key: string, response: ResponseToAdmit, now = Date.now(), startedAt = now): CachedResponse | undefined {
    const control = response.status === 200 && response.operationType === 'query' ? cacheableControl.exec(response.cacheControl ?? '') : null;
    const scope = control?.[2] === 'private' ? 'private' : 'public';
    const maxAgeS = control && (scope === 'public' || (response.perCaller && this.options.privateAnswers)) ? Number(control[1]) : 0;
    const ttlMs = Math.min(maxAgeS * 1000, this.options.maxTtlMs);
    if (ttlMs <= 0) {
      // A subgraph outage must not stop the cache for this key once the subgraph is back.
      if (!failedUpstream(response.body)) this.passUntil.set(key, now + passMs);
      return undefined;
    }
    const skus = [...new Set(Array.from(response.body.matchAll(skuField), (m) => m[1]!))];
    // Stock of a SKU it shows changed while it was being computed: it may show the old count.
    if (this.store.tags.changedSince(skus, startedAt)) return undefined;
    const body = Buffer.from(response.body);
    const entry: CachedResponse = { body, contentType: response.contentType ?? 'application/json', maxAgeS, scope, etag: etagOf(body), operation: response.operation, storedAt: now, expiresAt: now + ttlMs, staleUntil: now + Math.max(ttlMs, maxAgeS * 1000), skus };
    this.store.set(key, entry);
    return entry;
  }

  /**
   * Stock of these SKUs changed (the stock ledger's announcement): answers showing them are dropped,
   * and answers being computed now are not stored. Answers the number of entries dropped.
   */
  stockChanged(skus: readonly string[], now = Date.now()): number {
    return this.store.stockChanged(skus, now);
  }

  clear(): void {
    this.store.clear();
  }

  get size(): number {
    return this.store.size;
  }
}

/** True when the client takes gzip (`accept-encoding`, with a q-value above 0 when one is given). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    return q === undefined || Number(q) > 0;
  });
}

/** The validator of an entry's gzip copy: another representation, so another strong ETag. */
const gzipEtag = (etag: string) => `${etag.slice(0, -1)}-gzip"`;

/**
 * Sends a stored answer: gzip-compressed when the client takes it and the copy is ready, or `304`
 * when the client holds either representation already.
 */
export function sendCached(req: IncomingMessage, res: ServerResponse, entry: CachedResponse, outcome: CacheOutcome, now = Date.now()): void {
  const gzipped = entry.gzip && acceptsGzip(req.headers['accept-encoding']) ? entry.gzip : undefined;
  const etag = gzipped ? gzipEtag(entry.etag) : entry.etag;
  res.setHeader('etag', etag);
  res.setHeader('vary', 'accept-encoding');
  res.setHeader('cache-control', `max-age=${entry.maxAgeS}, ${entry.scope}`);
  res.setHeader('age', String(Math.floor((now - entry.storedAt) / 1000)));
  res.setHeader('x-ucg-cache', outcome);
  const ifNoneMatch = req.headers['if-none-match'];
  if (matchesEtag(ifNoneMatch, entry.etag) || matchesEtag(ifNoneMatch, gzipEtag(entry.etag))) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const body = gzipped ?? entry.body;
  res.setHeader('content-type', entry.contentType);
  if (gzipped) res.setHeader('content-encoding', 'gzip');
  res.setHeader('content-length', body.length);
  res.statusCode = 200;
  res.end(body);
}
