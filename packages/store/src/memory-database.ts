import type { MemoryDb, ScoredMember } from './store.ts';
import { StoreError } from './errors.ts';
import { MemoryStream } from './memory-stream.ts';

type Value =
  | { type: 'string'; value: string }
  | { type: 'hash'; value: Map<string, string> }
  | { type: 'zset'; value: Map<string, number> }
  | { type: 'stream'; value: MemoryStream };

interface Slot {
  data: Value;
  expiresAt?: number;
}

function wrongType(key: string): StoreError {
  return new StoreError('STORE_WRONG_TYPE', `key ${key} holds another type`);
}

/** An in-process database with Redis semantics for the subset `Store` needs. */
export class MemoryDatabase implements MemoryDb {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly clock: () => number = Date.now) {}

  now(): number {
    return this.clock();
  }

  private live(key: string): Slot | undefined {
    const slot = this.slots.get(key);
    if (slot?.expiresAt !== undefined && slot.expiresAt <= this.clock()) {
      this.slots.delete(key);
      return undefined;
    }
    return slot;
  }

  private typed<T extends Value['type']>(key: string, type: T): Extract<Value, { type: T }> | undefined {
    const slot = this.live(key);
    if (!slot) return undefined;
    if (slot.data.type !== type) throw wrongType(key);
    return slot.data as Extract<Value, { type: T }>;
  }

  private ensure<T extends Value['type']>(key: string, type: T, create: () => Extract<Value, { type: T }>): Extract<Value, { type: T }> {
    const existing = this.typed(key, type);
    if (existing) return existing;
    const data = create();
    this.slots.set(key, { data });
    return data;
  }

  /** Drops expired keys; called periodically so memory does not grow with dead entries. */
  sweep(): void {
    const now = this.clock();
    for (const [key, slot] of this.slots) if (slot.expiresAt !== undefined && slot.expiresAt <= now) this.slots.delete(key);
  }

  exists(key: string): boolean {
    return this.live(key) !== undefined;
  }

  get(key: string): string | null {
    return this.typed(key, 'string')?.value ?? null;
  }

  set(key: string, value: string, ttlMs?: number): void {
    this.slots.set(key, { data: { type: 'string', value }, ...(ttlMs !== undefined ? { expiresAt: this.clock() + ttlMs } : {}) });
  }

  del(key: string): number {
    const existed = this.live(key) !== undefined;
    this.slots.delete(key);
    return existed ? 1 : 0;
  }

  incrBy(key: string, by: number): number {
    const slot = this.live(key);
    const current = slot ? Number(this.typed(key, 'string')!.value) : 0;
    if (!Number.isInteger(current)) throw new StoreError('STORE_NOT_AN_INTEGER', `key ${key} is not an integer`);
    const next = current + by;
    if (slot) slot.data = { type: 'string', value: String(next) };
    else this.slots.set(key, { data: { type: 'string', value: String(next) } });
    return next;
  }

  pttl(key: string): number {
    const slot = this.live(key);
    if (!slot) return -2;
    return slot.expiresAt === undefined ? -1 : Math.max(0, slot.expiresAt - this.clock());
  }

  expire(key: string, ttlMs: number): boolean {
    const slot = this.live(key);
    if (!slot) return false;
    slot.expiresAt = this.clock() + ttlMs;
    return true;
  }

  hget(key: string, field: string): string | null {
    return this.typed(key, 'hash')?.value.get(field) ?? null;
  }

  hgetall(key: string): Record<string, string> {
    return Object.fromEntries(this.typed(key, 'hash')?.value ?? []);
  }

  hset(key: string, fields: Record<string, string>): void {
    const hash = this.ensure(key, 'hash', () => ({ type: 'hash', value: new Map() }));
    for (const [f, v] of Object.entries(fields)) hash.value.set(f, v);
  }

  hdel(key: string, fields: readonly string[]): number {
    const hash = this.typed(key, 'hash');
    if (!hash) return 0;
    let removed = 0;
    for (const f of fields) if (hash.value.delete(f)) removed++;
    if (hash.value.size === 0) this.slots.delete(key);
    return removed;
  }

  hincrBy(key: string, field: string, by: number): number {
    const hash = this.ensure(key, 'hash', () => ({ type: 'hash', value: new Map() }));
    const next = Number(hash.value.get(field) ?? 0) + by;
    hash.value.set(field, String(next));
    return next;
  }

  zadd(key: string, entries: readonly ScoredMember[]): void {
    const zset = this.ensure(key, 'zset', () => ({ type: 'zset', value: new Map() }));
    for (const { member, score } of entries) zset.value.set(member, score);
  }

  zrangeByScore(key: string, min: number, max: number, limit?: number): ScoredMember[] {
    const zset = this.typed(key, 'zset');
    if (!zset) return [];
    const hits = [...zset.value]
      .filter(([, score]) => score >= min && score <= max)
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
      .map(([member, score]) => ({ member, score }));
    return limit === undefined ? hits : hits.slice(0, limit);
  }

  zrem(key: string, members: readonly string[]): number {
    const zset = this.typed(key, 'zset');
    if (!zset) return 0;
    let removed = 0;
    for (const m of members) if (zset.value.delete(m)) removed++;
    if (zset.value.size === 0) this.slots.delete(key);
    return removed;
  }

  /** The stream at `key`; created empty when `create` is set (as XADD and XGROUP CREATE … MKSTREAM do). */
  stream(key: string, create: true): MemoryStream;
  stream(key: string, create?: false): MemoryStream | undefined;
  stream(key: string, create = false): MemoryStream | undefined {
    if (create) return this.ensure(key, 'stream', () => ({ type: 'stream', value: new MemoryStream() })).value;
    return this.typed(key, 'stream')?.value;
  }
}
