import { EventEmitter } from 'node:events';
import type { AtomicScript, ClaimedStreamEntry, ScoredMember, SetOptions, Store, StoreEntry, StreamEntry, XAddOptions, XRangeOptions, XReadGroupOptions } from './store.ts';
import { MemoryDatabase } from './memory-database.ts';
import { missingStreamGroup } from './memory-stream.ts';
import { StoreError } from './errors.ts';
import { assertOneSlot } from './slots.ts';

export { MemoryDatabase };

/** A symbol, so no stream name can collide with the close signal. */
const CLOSED = Symbol('closed');

/** The embedded default: state lives in this process and is gone when it stops. */
export class MemoryStore implements Store {
  readonly kind = 'memory' as const;
  private readonly db: MemoryDatabase;
  private readonly bus = new EventEmitter();
  /** Wakes blocked stream readers; separate from `bus` so a channel name never collides with a stream. */
  private readonly appended = new EventEmitter();
  private closed = false;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: { clock?: () => number; sweepIntervalMs?: number } = {}) {
    this.db = new MemoryDatabase(options.clock);
    this.bus.setMaxListeners(0);
    this.appended.setMaxListeners(0);
    this.sweeper = setInterval(() => this.db.sweep(), options.sweepIntervalMs ?? 30_000);
    this.sweeper.unref();
  }

  async get(key: string) {
    return this.db.get(key);
  }
  async mget(keys: readonly string[]) {
    return keys.map((k) => this.db.get(k));
  }
  async set(key: string, value: string, options: SetOptions = {}) {
    if (options.onlyIfAbsent && this.db.exists(key)) return false;
    this.db.set(key, value, options.ttlMs);
    return true;
  }
  async mset(entries: readonly StoreEntry[]) {
    for (const e of entries) this.db.set(e.key, e.value, e.ttlMs);
  }
  async del(keys: readonly string[]) {
    return keys.reduce((n, k) => n + this.db.del(k), 0);
  }
  async incrBy(key: string, by: number) {
    return this.db.incrBy(key, by);
  }
  async pttl(key: string) {
    return this.db.pttl(key);
  }
  async expire(key: string, ttlMs: number) {
    return this.db.expire(key, ttlMs);
  }
  async hget(key: string, field: string) {
    return this.db.hget(key, field);
  }
  async hgetall(key: string) {
    return this.db.hgetall(key);
  }
  async hset(key: string, fields: Record<string, string>) {
    this.db.hset(key, fields);
  }
  async hdel(key: string, fields: readonly string[]) {
    return this.db.hdel(key, fields);
  }
  async hincrBy(key: string, field: string, by: number) {
    return this.db.hincrBy(key, field, by);
  }
  async zadd(key: string, entries: readonly ScoredMember[]) {
    this.db.zadd(key, entries);
  }
  async zrangeByScore(key: string, min: number, max: number, limit?: number) {
    return this.db.zrangeByScore(key, min, max, limit);
  }
  async zrem(key: string, members: readonly string[]) {
    return this.db.zrem(key, members);
  }
  async run<T>(script: AtomicScript<T>, keys: readonly string[], args: readonly (string | number)[]) {
    assertOneSlot(script.name, keys);
    return script.memory(this.db, [...keys], args.map(String));
  }
  async publish(channel: string, message: string) {
    // Asynchronous like Redis: a publisher never runs subscriber code on its own stack.
    queueMicrotask(() => this.bus.emit(channel, message));
  }
  async subscribe(channel: string, onMessage: (message: string) => void) {
    this.bus.on(channel, onMessage);
    return async () => {
      this.bus.off(channel, onMessage);
    };
  }
  async ping() {
    return true;
  }
  async close() {
    this.closed = true;
    clearInterval(this.sweeper);
    this.bus.removeAllListeners();
    this.appended.emit(CLOSED);
    this.appended.removeAllListeners();
  }

  async xadd(stream: string, fields: Record<string, string>, options: XAddOptions = {}) {
    if (Object.keys(fields).length === 0) throw new StoreError('STORE_INVALID_ARGUMENT', `xadd ${stream}: an entry needs at least one field`);
    const id = this.db.stream(stream, true).add(fields, this.db.now(), options.maxLen);
    this.appended.emit(stream);
    return id;
  }
  async xgroupCreate(stream: string, group: string, options: { fromStart?: boolean } = {}) {
    return this.db.stream(stream, true).createGroup(group, options.fromStart ?? false);
  }
  async xreadgroup(stream: string, group: string, consumer: string, options: XReadGroupOptions = {}): Promise<StreamEntry[]> {
    const { count, blockMs } = options;
    const deadline = blockMs === undefined ? undefined : blockMs === 0 ? Infinity : Date.now() + blockMs;
    for (;;) {
      const found = this.db.stream(stream);
      if (!found) throw missingStreamGroup(group);
      const entries = found.readGroup(group, consumer, this.db.now(), count);
      if (entries.length > 0 || deadline === undefined || this.closed) return entries;
      const left = deadline - Date.now();
      if (left <= 0) return [];
      await this.nextAppend(stream, left);
    }
  }
  async xack(stream: string, group: string, ids: readonly string[]) {
    return this.db.stream(stream)?.ack(group, ids) ?? 0;
  }
  async xautoclaim(stream: string, group: string, consumer: string, minIdleMs: number, count = 100): Promise<ClaimedStreamEntry[]> {
    const found = this.db.stream(stream);
    if (!found) throw missingStreamGroup(group);
    return found.autoClaim(group, consumer, minIdleMs, this.db.now(), count);
  }
  async xpending(stream: string, group: string) {
    const found = this.db.stream(stream);
    if (!found) throw missingStreamGroup(group);
    return found.pendingSummary(group);
  }
  async xlen(stream: string) {
    return this.db.stream(stream)?.length ?? 0;
  }
  async xrange(stream: string, options: XRangeOptions = {}) {
    return this.db.stream(stream)?.range(options.start ?? '-', options.end ?? '+', options.count) ?? [];
  }
  async xdel(stream: string, ids: readonly string[]) {
    return this.db.stream(stream)?.delete(ids) ?? 0;
  }

  /** Resolves on the next append to `stream`, when the store closes, or after `ms` (a timer cannot hold more than ~24 days). */
  private nextAppend(stream: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.appended.off(stream, done);
        this.appended.off(CLOSED, done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(ms, 2 ** 31 - 1));
      this.appended.once(stream, done);
      this.appended.once(CLOSED, done);
    });
  }
}
