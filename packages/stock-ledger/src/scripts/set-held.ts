import type { AtomicScript } from '@ucg/store';

/**
 * Records what location ARGV[1] holds: ARGV[2] units as of ARGV[3] (ms), reported by ARGV[4],
 * sellable when ARGV[5] is '1'. Last writer by `asOf`: a report older than the one on record is
 * ignored, so a late or replayed message never overwrites a fresher count.
 */
export const setHeldScript: AtomicScript<string> = {
  name: 'ledger_set_held',
  lua: `
local loc, onHand, asOf, source, sellable = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local current = redis.call('HGET', KEYS[1], 'asOf:' .. loc)
if current and tonumber(current) > tonumber(asOf) then return cjson.encode({ applied = false, asOf = current }) end
redis.call('HSET', KEYS[1], 'held:' .. loc, onHand, 'asOf:' .. loc, asOf, 'source:' .. loc, source, 'sellable:' .. loc, sellable)
return cjson.encode({ applied = true, asOf = asOf })`,
  memory(db, [locations], [loc, onHand, asOf, source, sellable]) {
    const current = db.hget(locations!, `asOf:${loc}`);
    if (current !== null && Number(current) > Number(asOf)) return JSON.stringify({ applied: false, asOf: current });
    db.hset(locations!, { [`held:${loc}`]: onHand!, [`asOf:${loc}`]: asOf!, [`source:${loc}`]: source!, [`sellable:${loc}`]: sellable! });
    return JSON.stringify({ applied: true, asOf });
  },
};
