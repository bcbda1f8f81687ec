/**
 * Storage for state the graph owns or caches (stock cache, reservations, carts, persisted
 * queries, rate-limit buckets). Two implementations behind this one interface: Redis in
 * production and an in-process map as the embedded default. One contract suite runs against both.
 *
 * Values are strings; callers serialise. Every key layout must work on Redis Cluster: keys that one
 * script touches together share a hash tag (`cart:{abc}:lines`, `cart:{abc}:meta`).
 */
export interface Store {
  readonly kind: 'memory' | 'redis' | 'redis-cluster';
  get(key: string): Promise<string | null>;
  /** One round trip for many keys (MGET; grouped by slot on a cluster). */
  mget(keys: readonly string[]): Promise<(string | null)[]>;
  /** Resolves false when `onlyIfAbsent` is set and the key exists. */
  set(key: string, value: string, options?: SetOptions): Promise<boolean>;
  mset(entries: readonly StoreEntry[]): Promise<void>;
  del(keys: readonly string[]): Promise<number>;
  incrBy(key: string, by: number): Promise<number>;
  /** Milliseconds to live; -1 without expiry, -2 when the key does not exist (as Redis PTTL). */
  pttl(key: string): Promise<number>;
  expire(key: string, ttlMs: number): Promise<boolean>;
  hget(key: string, field: string): Promise<string | null>;
  hgetall(key: string): Promise<Record<string, string>>;
  hset(key: string, fields: Record<string, string>): Promise<void>;
  hdel(key: string, fields: readonly string[]): Promise<number>;
  hincrBy(key: string, field: string, by: number): Promise<number>;
  zadd(key: string, entries: readonly ScoredMember[]): Promise<void>;
  /** Members with min <= score <= max, lowest score first. */
  zrangeByScore(key: string, min: number, max: number, limit?: number): Promise<ScoredMember[]>;
  zrem(key: string, members: readonly string[]): Promise<number>;
  /**
   * Runs a script atomically: Lua on Redis, its JavaScript twin in process. All `keys` must hash to
   * one cluster slot (share a hash tag) on every store, or it rejects with `STORE_CROSS_SLOT`.
   */
  run<T>(script: AtomicScript<T>, keys: readonly string[], args: readonly (string | number)[]): Promise<T>;
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once subscribed; the returned function unsubscribes. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<() => Promise<void>>;
  ping(): Promise<boolean>;
  close(): Promise<void>;

  // Streams (Redis semantics: ids `ms-seq`, consumer groups, at-least-once delivery via a pending entries list).
  /** Appends an entry; resolves its id. `maxLen` trims the oldest entries beyond that length (exactly). */
  xadd(stream: string, fields: Record<string, string>, options?: XAddOptions): Promise<string>;
  /**
   * Creates a consumer group (and the stream if missing). Idempotent: resolves false when the group
   * already exists. `fromStart` delivers entries already in the stream; otherwise only new ones.
   */
  xgroupCreate(stream: string, group: string, options?: { fromStart?: boolean }): Promise<boolean>;
  /**
   * Entries never delivered to the group (`>`), recorded as pending for `consumer` until acked. With
   * `blockMs` waits that long for an entry when there is none (0 waits forever), waking on `xadd`.
   * Rejects with `STORE_NO_GROUP` when the group does not exist.
   */
  xreadgroup(stream: string, group: string, consumer: string, options?: XReadGroupOptions): Promise<StreamEntry[]>;
  /** Removes entries from the group's pending list; resolves how many were pending. */
  xack(stream: string, group: string, ids: readonly string[]): Promise<number>;
  /**
   * Takes over up to `count` entries pending longer than `minIdleMs` (a consumer that died without
   * acking), oldest first, and re-delivers them to `consumer`. Entries deleted meanwhile are dropped
   * from the pending list and not returned.
   */
  xautoclaim(stream: string, group: string, consumer: string, minIdleMs: number, count?: number): Promise<ClaimedStreamEntry[]>;
  /** The group's pending entries: how many, the id range, and how many each consumer holds. */
  xpending(stream: string, group: string): Promise<StreamPendingSummary>;
  xlen(stream: string): Promise<number>;
  /** Entries with start <= id <= end (`-` and `+` for the ends), oldest first. */
  xrange(stream: string, options?: XRangeOptions): Promise<StreamEntry[]>;
  xdel(stream: string, ids: readonly string[]): Promise<number>;
}

export interface StreamEntry {
  /** `ms-seq`, increasing within a stream. */
  id: string;
  fields: Record<string, string>;
}

export interface ClaimedStreamEntry extends StreamEntry {
  /** How many times the entry has been delivered, this claim included. */
  deliveries: number;
}

export interface StreamPendingSummary {
  count: number;
  smallestId: string | null;
  largestId: string | null;
  /** Pending entries per consumer; consumers holding none are absent. */
  consumers: Record<string, number>;
}

export interface XAddOptions {
  maxLen?: number;
}

export interface XReadGroupOptions {
  count?: number;
  /** Wait up to this long for new entries; 0 waits until one arrives. Absent: answer at once. */
  blockMs?: number;
}

export interface XRangeOptions {
  start?: string;
  end?: string;
  count?: number;
}

export interface SetOptions {
  ttlMs?: number;
  onlyIfAbsent?: boolean;
}

export interface StoreEntry {
  key: string;
  value: string;
  ttlMs?: number;
}

export interface ScoredMember {
  member: string;
  score: number;
}

/**
 * A script written twice: in Lua for Redis and in JavaScript for the in-process store. The
 * JavaScript twin runs synchronously against `MemoryDb`, so it is as atomic as the Lua one. Both must
 * return what ioredis returns for the Lua result: integers as numbers, strings, arrays, null for nil.
 * The contract suite runs every script against both stores, so the twins cannot drift apart.
 */
export interface AtomicScript<T> {
  name: string;
  lua: string;
  memory: (db: MemoryDb, keys: string[], args: string[]) => T;
}

/** The synchronous operations a script's JavaScript twin may use. */
export interface MemoryDb {
  now(): number;
  get(key: string): string | null;
  set(key: string, value: string, ttlMs?: number): void;
  del(key: string): number;
  incrBy(key: string, by: number): number;
  pttl(key: string): number;
  expire(key: string, ttlMs: number): boolean;
  hget(key: string, field: string): string | null;
  hgetall(key: string): Record<string, string>;
  hset(key: string, fields: Record<string, string>): void;
  hdel(key: string, fields: readonly string[]): number;
  hincrBy(key: string, field: string, by: number): number;
  zadd(key: string, entries: readonly ScoredMember[]): void;
  zrangeByScore(key: string, min: number, max: number, limit?: number): ScoredMember[];
  zrem(key: string, members: readonly string[]): number;
}
