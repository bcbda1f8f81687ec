import type { AtomicScript } from '@ucg/store';
import { LUA_PRELUDE, expireDue, keysOf, load } from './common.ts';

export interface SweepOutcome {
  /** Reservation ids this call expired and returned to stock. */
  expired: string[] | Record<string, never>;
  /** Work at or before `now` is left (the batch limit was reached): call again. */
  more: boolean;
  /** The earliest expiry still ahead (ms, as text), if any. */
  nextExpiry?: string;
  /** The earliest closedAt of a closed record still kept (ms, as text), if any. */
  nextClosed?: string;
}

/**
 * One SKU's sweep at ARGV[1] (ms): expires up to ARGV[2] reservations whose time is up and prunes up
 * to ARGV[2] closed records older than ARGV[3] ms. Safe to run from several sweepers at once: an
 * expired reservation is freed by whichever script reaches it first, and is then no longer active.
 */
export const sweepScript: AtomicScript<string> = {
  name: 'ledger_sweep',
  lua: `${LUA_PRELUDE}
local now, limit, cutoff = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[1]) - tonumber(ARGV[3])
local expired = expireDue(now, limit)
for _, id in ipairs(redis.call('ZRANGEBYSCORE', CLOSED, '-inf', cutoff, 'LIMIT', 0, limit)) do
  local r = load(id)
  if r and r.state ~= 'active' then redis.call('HDEL', RESERVATIONS, id) end
  redis.call('ZREM', CLOSED, id)
end
local more = #redis.call('ZRANGEBYSCORE', EXPIRIES, '-inf', now, 'LIMIT', 0, 1) > 0
  or #redis.call('ZRANGEBYSCORE', CLOSED, '-inf', cutoff, 'LIMIT', 0, 1) > 0
local nextExpiry = redis.call('ZRANGEBYSCORE', EXPIRIES, '-inf', '+inf', 'WITHSCORES', 'LIMIT', 0, 1)[2]
local nextClosed = redis.call('ZRANGEBYSCORE', CLOSED, '-inf', '+inf', 'WITHSCORES', 'LIMIT', 0, 1)[2]
return cjson.encode({ expired = expired, more = more, nextExpiry = nextExpiry, nextClosed = nextClosed })`,
  memory(db, keys, [now, limitText, retention]) {
    const k = keysOf(keys);
    const limit = Number(limitText);
    const cutoff = Number(now) - Number(retention);
    const expired = expireDue(db, k, now!, limit);
    for (const { member: id } of db.zrangeByScore(k.closed, -Infinity, cutoff, limit)) {
      if (load(db, k, id)?.state !== 'active') db.hdel(k.reservations, [id]);
      db.zrem(k.closed, [id]);
    }
    const more = db.zrangeByScore(k.expiries, -Infinity, Number(now), 1).length > 0 || db.zrangeByScore(k.closed, -Infinity, cutoff, 1).length > 0;
    const [nextExpiry] = db.zrangeByScore(k.expiries, -Infinity, Infinity, 1);
    const [nextClosed] = db.zrangeByScore(k.closed, -Infinity, Infinity, 1);
    const outcome: SweepOutcome = { expired, more };
    if (nextExpiry) outcome.nextExpiry = String(nextExpiry.score);
    if (nextClosed) outcome.nextClosed = String(nextClosed.score);
    return JSON.stringify(outcome);
  },
};
