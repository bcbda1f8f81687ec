import { createHash } from 'node:crypto';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { AtomicScript, ClaimedStreamEntry, ScoredMember, SetOptions, Store, StoreEntry, StreamEntry, XAddOptions, XRangeOptions, XReadGroupOptions } from './store.ts';
import { StoreError } from './errors.ts';
import { assertOneSlot, groupBySlot } from './slots.ts';
import { BlockingConnections } from './redis-blocking.ts';
import { autoClaimScript, flattenFields, groupCreateScript, parseClaimed, parseEntries, parsePendingSummary, parseReadGroup } from './redis-streams.ts';

export interface RedisStoreOptions {
  /** `redis://host:port/db`; ignored when `clusterNodes` is given. */
  url?: string;
  /** `host:port` seeds of a Redis Cluster. */
  clusterNodes?: string[];
  /** Prepended to every key and channel, so that tests and tenants never collide. @default "ucg:" */
  keyPrefix?: string;
}

type Client = Redis | Cluster;

function pairs(flat: string[]): ScoredMember[] {
  const out: ScoredMember[] = [];
  for (let i = 0; i < flat.length; i += 2) out.push({ member: flat[i]!, score: Number(flat[i + 1]) });
  return out;
}

/**
 * The production store. Auto-pipelining batches the commands issued in one tick into one round
 * trip, which is what makes many small DataLoader reads cheap.
 */
export class RedisStore implements Store {
  readonly kind: 'redis' | 'redis-cluster';
  private readonly client: Client;
  private subscriber?: Client;
  private readonly prefix: string;
  /** SHA-1 of each script's Lua, the name EVALSHA knows it by. */
  private readonly shas = new Map<string, string>();
  private readonly handlers = new Map<string, Set<(message: string) => void>>();
  private readonly blocking: BlockingConnections;

  constructor(options: RedisStoreOptions = {}) {
    this.prefix = options.keyPrefix ?? 'ucg:';
    const common: RedisOptions = { keyPrefix: this.prefix, enableAutoPipelining: true, maxRetriesPerRequest: 2, lazyConnect: false };
    if (options.clusterNodes?.length) {
      this.kind = 'redis-cluster';
      this.client = new Cluster(
        options.clusterNodes.map((n) => {
          const [host, port] = n.split(':');
          return { host: host!, port: Number(port) };
        }),
        { redisOptions: common, keyPrefix: this.prefix, enableAutoPipelining: true },
      );
    } else {
      this.kind = 'redis';
      this.client = new Redis(options.url ?? 'redis://127.0.0.1:6379', common);
    }
    // Connection errors surface on the commands that fail; an unhandled 'error' event would crash the process.
    this.client.on('error', () => {});
    this.blocking = new BlockingConnections(() => this.client.duplicate());
  }

  private async call<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof StoreError) throw error;
      if (/WRONGTYPE/.test(message)) throw new StoreError('STORE_WRONG_TYPE', message, { cause: error });
      if (/^NOGROUP/.test(message)) throw new StoreError('STORE_NO_GROUP', message, { cause: error });
      if (/CROSSSLOT/.test(message)) throw new StoreError('STORE_CROSS_SLOT', message, { cause: error });
      if (/Invalid stream ID/i.test(message)) throw new StoreError('STORE_INVALID_ARGUMENT', message, { cause: error });
      if (/not an integer/.test(message)) throw new StoreError('STORE_NOT_AN_INTEGER', message, { cause: error });
      throw new StoreError('STORE_UNAVAILABLE', `redis: ${message}`, { cause: error });
    }
  }

  get(key: string) {
    return this.call(() => this.client.get(key));
  }

  mget(keys: readonly string[]) {
    if (keys.length === 0) return Promise.resolve([]);
    if (this.kind === 'redis') return this.call(() => this.client.mget(...keys));
    // A cluster rejects MGET across slots: one MGET per slot, all sent in one tick, so auto-pipelining
    // still makes it one round trip per node.
    return this.call(async () => {
      const values: (string | null)[] = new Array(keys.length).fill(null);
      await Promise.all(
        [...groupBySlot(keys, this.prefix).values()].map(async (positions) => {
          const found = await this.client.mget(...positions.map((i) => keys[i]!));
          positions.forEach((at, j) => (values[at] = found[j] ?? null));
        }),
      );
      return values;
    });
  }

  set(key: string, value: string, options: SetOptions = {}) {
    return this.call(async () => {
      const { ttlMs, onlyIfAbsent } = options;
      let result: string | null;
      if (ttlMs !== undefined && onlyIfAbsent) result = await this.client.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)), 'NX');
      else if (ttlMs !== undefined) result = await this.client.set(key, value, 'PX', Math.max(1, Math.round(ttlMs)));
      else if (onlyIfAbsent) result = await this.client.set(key, value, 'NX');
      else result = await this.client.set(key, value);
      return result === 'OK';
    });
  }

  mset(entries: readonly StoreEntry[]) {
    return this.call(async () => {
      await Promise.all(
        entries.map((e) => (e.ttlMs !== undefined ? this.client.set(e.key, e.value, 'PX', Math.max(1, Math.round(e.ttlMs))) : this.client.set(e.key, e.value))),
      );
    });
  }

  del(keys: readonly string[]) {
    if (keys.length === 0) return Promise.resolve(0);
    return this.call(async () => {
      if (this.kind === 'redis') return this.client.del(...keys);
      const counts = await Promise.all([...groupBySlot(keys, this.prefix).values()].map((positions) => this.client.del(...positions.map((i) => keys[i]!))));
      return counts.reduce((a, b) => a + b, 0);
    });
  }

  incrBy(key: string, by: number) {
    return this.call(() => this.client.incrby(key, by));
  }

  pttl(key: string) {
    return this.call(() => this.client.pttl(key));
  }

  expire(key: string, ttlMs: number) {
    return this.call(async () => (await this.client.pexpire(key, Math.max(1, Math.round(ttlMs)))) === 1);
  }

  hget(key: string, field: string) {
    return this.call(() => this.client.hget(key, field));
  }

  hgetall(key: string) {
    return this.call(() => this.client.hgetall(key));
  }

  hset(key: string, fields: Record<string, string>) {
    return this.call(async () => {
      if (Object.keys(fields).length) await this.client.hset(key, fields);
    });
  }

  hdel(key: string, fields: readonly string[]) {
    return this.call(() => (fields.length ? this.client.hdel(key, ...fields) : Promise.resolve(0)));
  }

  hincrBy(key: string, field: string, by: number) {
    return this.call(() => this.client.hincrby(key, field, by));
  }

  zadd(key: string, entries: readonly ScoredMember[]) {
    return this.call(async () => {
      if (entries.length) await this.client.zadd(key, ...entries.flatMap((e) => [e.score, e.member]));
    });
  }

  zrangeByScore(key: string, min: number, max: number, limit?: number) {
    return this.call(async () => {
      const flat =
        limit === undefined
          ? await this.client.zrangebyscore(key, min, max, 'WITHSCORES')
          : await this.client.zrangebyscore(key, min, max, 'WITHSCORES', 'LIMIT', 0, limit);
      return pairs(flat);
    });
  }

  zrem(key: string, members: readonly string[]) {
    return this.call(() => (members.length ? this.client.zrem(key, ...members) : Promise.resolve(0)));
  }

  run<T>(script: AtomicScript<T>, keys: readonly string[], args: readonly (string | number)[]) {
    // EVALSHA rather than defineCommand: ioredis copies defined commands into an auto-pipeline when
    // the pipeline is created, so a script first defined mid-tick would be missing from it. EVALSHA is
    // an ordinary command whose keys ioredis knows: it prefixes them and routes to their cluster node.
    return this.call(async () => {
      assertOneSlot(script.name, keys.map((k) => this.prefix + k));
      try {
        try {
          return (await this.client.evalsha(this.sha(script.lua), keys.length, ...keys, ...args)) as T;
        } catch (error) {
          // Not yet cached on this node: EVAL runs it and caches it for the next EVALSHA.
          if (!(error instanceof Error && /^NOSCRIPT/.test(error.message))) throw error;
          return (await this.client.eval(script.lua, keys.length, ...keys, ...args)) as T;
        }
      } catch (error) {
        // Errors with a code of their own (a missing stream group, a type clash) keep it; see `call`.
        const coded = error instanceof Error && /^(NOGROUP|WRONGTYPE|CROSSSLOT)/.test(error.message);
        if (error instanceof Error && !coded && /ERR|script/i.test(error.message) && !/connect|ECONN|closed/i.test(error.message)) {
          throw new StoreError('STORE_SCRIPT_FAILED', `script ${script.name}: ${error.message}`, { cause: error });
        }
        throw error;
      }
    });
  }

  private sha(lua: string): string {
    let sha = this.shas.get(lua);
    if (!sha) {
      sha = createHash('sha1').update(lua).digest('hex');
      this.shas.set(lua, sha);
    }
    return sha;
  }

  publish(channel: string, message: string) {
    return this.call(async () => {
      await this.client.publish(this.prefix + channel, message);
    });
  }

  async subscribe(channel: string, onMessage: (message: string) => void) {
    const full = this.prefix + channel;
    if (!this.subscriber) {
      this.subscriber = this.client.duplicate();
      this.subscriber.on('error', () => {});
      this.subscriber.on('message', (ch: string, message: string) => {
        for (const handler of this.handlers.get(ch) ?? []) handler(message);
      });
    }
    let set = this.handlers.get(full);
    if (!set) {
      set = new Set();
      this.handlers.set(full, set);
      await this.call(() => this.subscriber!.subscribe(full));
    }
    set.add(onMessage);
    return async () => {
      set.delete(onMessage);
      if (set.size === 0) {
        this.handlers.delete(full);
        await this.subscriber?.unsubscribe(full).catch(() => {});
      }
    };
  }

  async ping() {
    try {
      return (await this.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close() {
    this.blocking.close();
    await Promise.allSettled([this.subscriber?.quit(), this.client.quit()]);
  }

  xadd(stream: string, fields: Record<string, string>, options: XAddOptions = {}) {
    return this.call(async () => {
      const trim = options.maxLen !== undefined ? ['MAXLEN', options.maxLen] : [];
      return (await this.client.call('xadd', stream, ...trim, '*', ...flattenFields(stream, fields))) as string;
    });
  }

  async xgroupCreate(stream: string, group: string, options: { fromStart?: boolean } = {}) {
    return (await this.run(groupCreateScript, [stream], [group, options.fromStart ? '0' : '$'])) === 1;
  }

  xreadgroup(stream: string, group: string, consumer: string, options: XReadGroupOptions = {}): Promise<StreamEntry[]> {
    const { count, blockMs } = options;
    const args = ['GROUP', group, consumer, ...(count !== undefined ? ['COUNT', count] : []), ...(blockMs !== undefined ? ['BLOCK', blockMs] : []), 'STREAMS', stream, '>'];
    if (blockMs === undefined) return this.call(async () => parseReadGroup(await this.client.call('xreadgroup', ...args)));
    return this.call(async () => {
      try {
        return parseReadGroup(await this.blocking.use((client) => client.call('xreadgroup', ...args)));
      } catch (error) {
        // Closing the store drops blocked connections; their readers get nothing rather than an error.
        if (this.blocking.isClosed) return [];
        throw error;
      }
    });
  }

  xack(stream: string, group: string, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve(0);
    return this.call(() => this.client.xack(stream, group, ...ids));
  }

  async xautoclaim(stream: string, group: string, consumer: string, minIdleMs: number, count = 100): Promise<ClaimedStreamEntry[]> {
    return parseClaimed(await this.run(autoClaimScript, [stream], [group, consumer, Math.max(0, Math.round(minIdleMs)), count]));
  }

  xpending(stream: string, group: string) {
    return this.call(async () => parsePendingSummary(await this.client.call('xpending', stream, group)));
  }

  xlen(stream: string) {
    return this.call(() => this.client.xlen(stream));
  }

  xrange(stream: string, options: XRangeOptions = {}) {
    const { start = '-', end = '+', count } = options;
    return this.call(async () => parseEntries(await this.client.call('xrange', stream, start, end, ...(count !== undefined ? ['COUNT', count] : []))));
  }

  xdel(stream: string, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve(0);
    return this.call(() => this.client.xdel(stream, ...ids));
  }
}
