import type { MemoryDb } from '@ucg/store';
import type { SkuKeys } from '../keys.ts';

/**
 * What both twins of every SKU script share, written once per language. Scripts take a SKU's keys
 * as KEYS[1..4] in `SkuKeys` order. Numbers travel as strings (JSON and Lua alike), so Lua's number
 * formatting never changes a value; results are JSON, parsed by the ledger.
 */

/** A reservation as stored in the `reservations` hash. */
export interface StoredReservation {
  state: 'active' | 'released' | 'expired' | 'committed';
  quantity: string;
  expiresAt: string;
  cartId: string;
  /** '' for any sellable location. */
  location: string;
  /** location id → units. */
  allocations: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
}

export const LUA_PRELUDE = `
local LOCATIONS, RESERVATIONS, EXPIRIES, CLOSED = KEYS[1], KEYS[2], KEYS[3], KEYS[4]

-- Byte order, as the JavaScript twin compares: Lua's '<' follows the server's locale.
local function before(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end

local function load(id)
  local raw = redis.call('HGET', RESERVATIONS, id)
  if raw then return cjson.decode(raw) end
  return nil
end

local function save(id, r)
  redis.call('HSET', RESERVATIONS, id, cjson.encode(r))
end

local function unreserve(r)
  for loc, q in pairs(r.allocations) do
    redis.call('HINCRBY', LOCATIONS, 'reserved:' .. loc, -tonumber(q))
  end
end

local function close(id, r, state, now)
  r.state = state
  r.closedAt = now
  r.updatedAt = now
  save(id, r)
  redis.call('ZREM', EXPIRIES, id)
  redis.call('ZADD', CLOSED, now, id)
end

-- Frees the stock of reservations whose time is up. Each is freed once: only an active one is freed,
-- and freeing closes it, all inside this one atomic script.
local function expireDue(now, limit)
  local expired = {}
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', EXPIRIES, '-inf', now, 'LIMIT', 0, limit)) do
    local r = load(id)
    if r and r.state == 'active' and tonumber(r.expiresAt) <= tonumber(now) then
      unreserve(r)
      close(id, r, 'expired', now)
      table.insert(expired, id)
    else
      redis.call('ZREM', EXPIRIES, id)
    end
  end
  return expired
end
`;

export function keysOf(keys: string[]): SkuKeys {
  const [locations, reservations, expiries, closed] = keys as [string, string, string, string];
  return { locations, reservations, expiries, closed };
}

export function load(db: MemoryDb, k: SkuKeys, id: string): StoredReservation | null {
  const raw = db.hget(k.reservations, id);
  return raw === null ? null : (JSON.parse(raw) as StoredReservation);
}

export function save(db: MemoryDb, k: SkuKeys, id: string, r: StoredReservation): void {
  db.hset(k.reservations, { [id]: JSON.stringify(r) });
}

export function unreserve(db: MemoryDb, k: SkuKeys, r: StoredReservation): void {
  for (const [loc, q] of Object.entries(r.allocations)) db.hincrBy(k.locations, `reserved:${loc}`, -Number(q));
}

export function close(db: MemoryDb, k: SkuKeys, id: string, r: StoredReservation, state: StoredReservation['state'], now: string): void {
  r.state = state;
  r.closedAt = now;
  r.updatedAt = now;
  save(db, k, id, r);
  db.zrem(k.expiries, [id]);
  db.zadd(k.closed, [{ member: id, score: Number(now) }]);
}

export function expireDue(db: MemoryDb, k: SkuKeys, now: string, limit: number): string[] {
  const expired: string[] = [];
  for (const { member: id } of db.zrangeByScore(k.expiries, -Infinity, Number(now), limit)) {
    const r = load(db, k, id);
    if (r && r.state === 'active' && Number(r.expiresAt) <= Number(now)) {
      unreserve(db, k, r);
      close(db, k, id, r, 'expired', now);
      expired.push(id);
    } else {
      db.zrem(k.expiries, [id]);
    }
  }
  return expired;
}

/** Orders strings by their UTF-8 bytes, as the Lua twin's `before` does. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** cjson encodes an empty Lua table as `{}`; JSON.stringify([]) is `[]`. Both mean "none". */
export function list<T>(value: T[] | Record<string, never> | undefined): T[] {
  return Array.isArray(value) ? value : [];
}
