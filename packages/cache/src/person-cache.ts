import type { Store } from '@ucg/store';
import { ReadThroughCache, type CacheEvent, type Cached } from './read-through-cache.ts';

/**
 * The e-mails of people being read, by customer id, in this process's memory only. Cache keys
 * carry the id (never the e-mail, which must not appear in Store keys); legacy systems are asked
 * by e-mail, so a load looks the e-mail up here. Every read notes its people just before the load
 * it may start, so an entry is always there when needed; the oldest are dropped past `max`.
 */
export class EmailBook {
  private readonly emails = new Map<string, string>();

  /** @param idOf the customer id of a normalised e-mail (the request context's, so keys match across subgraphs) */
  constructor(readonly idOf: (email: string) => string, private readonly max = 50_000) {}

  /** Remembers a normalised e-mail; returns its customer id. */
  note(email: string): string {
    const id = this.idOf(email);
    this.emails.delete(id);
    this.emails.set(id, email);
    if (this.emails.size > this.max) this.emails.delete(this.emails.keys().next().value!);
    return id;
  }

  emailOf(id: string): string | undefined {
    return this.emails.get(id);
  }
}

export interface PersonCacheOptions<V> {
  store: Store;
  /** `<subgraph>:<what>`; keys become `cache:<namespace>:{<customerId>}`. */
  namespace: string;
  ttlMs: number;
  /** How long the last known value answers while the source fails (personal data: keep it short). */
  staleIfErrorMs: number;
  emails: EmailBook;
  /** Reads many people by normalised e-mail; people the source does not know are absent. */
  load: (emails: string[]) => Promise<Map<string, V>>;
  /** The source has no batch form: one person per call, so one person's failure never fails another's read. */
  onePerCall?: boolean;
  /**
   * The longest a read waits for the source. Past it the read fails with `error()` (the resolver
   * reports it as partial data naming the system) while the load carries on and fills the cache,
   * so the shopper's next read is answered at once. Keeps a throttled legacy system from holding a
   * page past the gateway's subgraph timeout.
   */
  answerWithin?: { ms: number; error: () => Error };
  onEvent?: (event: CacheEvent) => void;
}

/** `work`, or `deadline.error()` once `deadline.ms` have passed (the work itself is not stopped). */
async function withDeadline<T>(work: Promise<T>, deadline: { ms: number; error: () => Error } | undefined): Promise<T> {
  if (!deadline) return work;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(deadline.error()), deadline.ms);
  });
  work.catch(() => {}); // a failure after the deadline was answered already
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A load that raced more pushes than this is answered anyway (the next push invalidates again). */
const MAX_LOAD_ATTEMPTS = 3;
/** Outlives any load, so a generation cannot vanish while a load that read it runs. */
const GENERATION_TTL_MS = 3_600_000;

/**
 * One kind of a person's legacy data behind `@ucg/cache` (batched, single-flight, SWR,
 * stale-if-error), keyed by customer id. Pushes (webhooks, erasure) call `forget`, which also
 * bumps the person's generation: a load that was already under way when the push came reads the
 * source again, so it cannot write back what the push made obsolete.
 */
export class PersonCache<V> {
  private readonly cache: ReadThroughCache<V>;

  constructor(private readonly options: PersonCacheOptions<V>) {
    this.cache = new ReadThroughCache<V>({
      store: options.store,
      namespace: options.namespace,
      ttlMs: options.ttlMs,
      staleIfErrorMs: options.staleIfErrorMs,
      maxBatchSize: options.onePerCall ? 1 : 100,
      load: (ids) => this.loadFresh(ids),
      ...(options.onEvent ? { onEvent: options.onEvent } : {}),
    });
  }

  private generationKey(id: string): string {
    return `${this.options.namespace}:gen:{${id}}`;
  }

  private async loadFresh(ids: string[]): Promise<Map<string, V>> {
    const emails = ids.map((id) => {
      const email = this.options.emails.emailOf(id);
      // Cannot happen while the book is larger than the people read in one tick; failing beats caching "unknown".
      if (!email) throw new Error(`${this.options.namespace}: no e-mail noted for a customer being loaded`);
      return email;
    });
    const generations = ids.map((id) => this.generationKey(id));
    for (let attempt = 1; ; attempt++) {
      const before = await this.options.store.mget(generations);
      const byEmail = await this.options.load(emails);
      const after = await this.options.store.mget(generations);
      if (attempt >= MAX_LOAD_ATTEMPTS || after.every((g, i) => g === before[i])) {
        return new Map(ids.flatMap((id, i) => (byEmail.has(emails[i]!) ? [[id, byEmail.get(emails[i]!)!] as [string, V]] : [])));
      }
    }
  }

  /** Values by normalised e-mail (null: the source does not know the person). */
  async getMany(emails: readonly string[]): Promise<Map<string, Cached<V>>> {
    const ids = emails.map((e) => this.options.emails.note(e));
    const found = await withDeadline(this.cache.getMany(ids), this.options.answerWithin);
    return new Map(emails.map((e, i) => [e, found.get(ids[i]!)!]));
  }

  /** Forgets what is cached about these people (normalised e-mails); the next read asks the source. */
  forget(emails: readonly string[]): Promise<void> {
    return this.forgetIds(emails.map((e) => this.options.emails.idOf(e)));
  }

  async forgetIds(ids: readonly string[]): Promise<void> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return;
    for (const id of unique) {
      const key = this.generationKey(id);
      await this.options.store.incrBy(key, 1);
      await this.options.store.expire(key, GENERATION_TTL_MS);
    }
    await this.cache.invalidate(unique);
  }
}
