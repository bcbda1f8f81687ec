import type { AtomicScript } from '@ucg/store';
import { LUA_PRELUDE, type StoredReservation, close, keysOf, load, unreserve } from './common.ts';

export type CloseOutcome = { status: 'missing' } | { status: 'closed' | 'unchanged'; reservation: StoredReservation };

/**
 * Closes active reservation ARGV[1] at time ARGV[2]: `release` returns its units to stock; `commit`
 * turns them into an allocation (held and reserved both drop). A reservation already closed is left
 * as it is and reported, which makes both idempotent.
 */
function closeScript(action: 'release' | 'commit'): AtomicScript<string> {
  const state = action === 'release' ? 'released' : 'committed';
  return {
    name: `ledger_${action}`,
    lua: `${LUA_PRELUDE}
local id, now = ARGV[1], ARGV[2]
local r = load(id)
if not r then return cjson.encode({ status = 'missing' }) end
if r.state ~= 'active' then return cjson.encode({ status = 'unchanged', reservation = r }) end
${action === 'commit' ? `for loc, q in pairs(r.allocations) do redis.call('HINCRBY', LOCATIONS, 'held:' .. loc, -tonumber(q)) end` : ''}
unreserve(r)
close(id, r, '${state}', now)
return cjson.encode({ status = 'closed', reservation = r })`,
    memory(db, keys, [id, now]) {
      const k = keysOf(keys);
      const r = load(db, k, id!);
      if (!r) return JSON.stringify({ status: 'missing' });
      if (r.state !== 'active') return JSON.stringify({ status: 'unchanged', reservation: r });
      if (action === 'commit') for (const [loc, q] of Object.entries(r.allocations)) db.hincrBy(k.locations, `held:${loc}`, -Number(q));
      unreserve(db, k, r);
      close(db, k, id!, r, state, now!);
      return JSON.stringify({ status: 'closed', reservation: r });
    },
  };
}

export const releaseScript = closeScript('release');
export const commitScript = closeScript('commit');
