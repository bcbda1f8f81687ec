import type { AtomicScript, MemoryDb } from '@ucg/store';
import { LUA_PRELUDE, type StoredReservation, byteOrder, expireDue, keysOf, load, save, unreserve } from './common.ts';

/** How many expired reservations of the SKU a reserve frees first, so sweep lag never blocks a sale. */
const EXPIRE_ON_RESERVE = 100;

export type ReserveOutcome =
  | { status: 'reserved'; reservation: StoredReservation }
  | { status: 'insufficient'; available: number }
  | { status: 'committed' };

/**
 * Reserve (or change) reservation ARGV[1]: quantity ARGV[2] at location ARGV[3] ('' = any sellable
 * location), cart ARGV[4], until ARGV[5] (ms); now = ARGV[6]. Checks held − reserved at the chosen
 * locations, counting the reservation's own current units as available to itself, and either
 * records it or answers the most it could have. The same request again only refreshes the expiry.
 * Units go to the locations the reservation already used, then the ones with most free stock.
 */
export const reserveScript: AtomicScript<string> = {
  name: 'ledger_reserve',
  lua: `${LUA_PRELUDE}
local id, want, at, cart, expiresAt, now = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5], ARGV[6]
expireDue(now, ${EXPIRE_ON_RESERVE})
local prev = load(id)
if prev and prev.state == 'committed' then return cjson.encode({ status = 'committed' }) end
if prev and prev.state ~= 'active' then prev = nil end
if prev and tonumber(prev.quantity) == want and prev.location == at then
  prev.expiresAt, prev.cartId, prev.updatedAt = expiresAt, cart, now
  save(id, prev)
  redis.call('ZADD', EXPIRIES, expiresAt, id)
  return cjson.encode({ status = 'reserved', reservation = prev })
end
local held, reserved, sellable = {}, {}, {}
local flat = redis.call('HGETALL', LOCATIONS)
for i = 1, #flat, 2 do
  local kind, loc = string.match(flat[i], '^(%a+):(.*)$')
  if kind == 'held' then held[loc] = tonumber(flat[i + 1])
  elseif kind == 'reserved' then reserved[loc] = tonumber(flat[i + 1])
  elseif kind == 'sellable' then sellable[loc] = flat[i + 1] end
end
local own = (prev and prev.allocations) or {}
local candidates, total = {}, 0
for loc, h in pairs(held) do
  if (at == '' and sellable[loc] ~= '0') or loc == at then
    local mine = tonumber(own[loc] or '0')
    local free = h - (reserved[loc] or 0) + mine
    if free > 0 then
      table.insert(candidates, { loc = loc, free = free, mine = mine })
      total = total + free
    end
  end
end
if total < want then return cjson.encode({ status = 'insufficient', available = total }) end
table.sort(candidates, function(a, b)
  if a.mine ~= b.mine then return a.mine > b.mine end
  if a.free ~= b.free then return a.free > b.free end
  return before(a.loc, b.loc)
end)
if prev then unreserve(prev) end
local allocations, left = {}, want
for _, c in ipairs(candidates) do
  if left == 0 then break end
  local take = math.min(left, c.free)
  allocations[c.loc] = tostring(take)
  redis.call('HINCRBY', LOCATIONS, 'reserved:' .. c.loc, take)
  left = left - take
end
local r = { state = 'active', quantity = ARGV[2], expiresAt = expiresAt, cartId = cart, location = at,
  allocations = allocations, createdAt = (prev and prev.createdAt) or now, updatedAt = now }
save(id, r)
redis.call('ZADD', EXPIRIES, expiresAt, id)
redis.call('ZREM', CLOSED, id)
return cjson.encode({ status = 'reserved', reservation = r })`,
  memory(db: MemoryDb, keys, [id, wantText, at, cart, expiresAt, now]) {
    const k = keysOf(keys);
    const want = Number(wantText);
    expireDue(db, k, now!, EXPIRE_ON_RESERVE);
    let prev = load(db, k, id!);
    if (prev?.state === 'committed') return JSON.stringify({ status: 'committed' });
    if (prev && prev.state !== 'active') prev = null;
    if (prev && Number(prev.quantity) === want && prev.location === at) {
      Object.assign(prev, { expiresAt, cartId: cart, updatedAt: now });
      save(db, k, id!, prev);
      db.zadd(k.expiries, [{ member: id!, score: Number(expiresAt) }]);
      return JSON.stringify({ status: 'reserved', reservation: prev });
    }
    const held = new Map<string, number>();
    const reserved = new Map<string, number>();
    const sellable = new Map<string, string>();
    for (const [field, value] of Object.entries(db.hgetall(k.locations))) {
      const match = /^([A-Za-z]+):(.*)$/s.exec(field);
      if (match?.[1] === 'held') held.set(match[2]!, Number(value));
      else if (match?.[1] === 'reserved') reserved.set(match[2]!, Number(value));
      else if (match?.[1] === 'sellable') sellable.set(match[2]!, value);
    }
    const own = prev?.allocations ?? {};
    const candidates: { loc: string; free: number; mine: number }[] = [];
    let total = 0;
    for (const [loc, h] of held) {
      if (!((at === '' && sellable.get(loc) !== '0') || loc === at)) continue;
      const mine = Number(own[loc] ?? '0');
      const free = h - (reserved.get(loc) ?? 0) + mine;
      if (free > 0) {
        candidates.push({ loc, free, mine });
        total += free;
      }
    }
    if (total < want) return JSON.stringify({ status: 'insufficient', available: total });
    candidates.sort((a, b) => b.mine - a.mine || b.free - a.free || byteOrder(a.loc, b.loc));
    if (prev) unreserve(db, k, prev);
    const allocations: Record<string, string> = {};
    let left = want;
    for (const c of candidates) {
      if (left === 0) break;
      const take = Math.min(left, c.free);
      allocations[c.loc] = String(take);
      db.hincrBy(k.locations, `reserved:${c.loc}`, take);
      left -= take;
    }
    const r: StoredReservation = {
      state: 'active',
      quantity: wantText!,
      expiresAt: expiresAt!,
      cartId: cart!,
      location: at!,
      allocations,
      createdAt: prev?.createdAt ?? now!,
      updatedAt: now!,
    };
    save(db, k, id!, r);
    db.zadd(k.expiries, [{ member: id!, score: Number(expiresAt) }]);
    db.zrem(k.closed, [id!]);
    return JSON.stringify({ status: 'reserved', reservation: r });
  },
};
