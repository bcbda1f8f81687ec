import { StoreError } from './errors.ts';
import type { AtomicScript, ClaimedStreamEntry, StreamEntry, StreamPendingSummary } from './store.ts';

/** Reply shapes of the stream commands, turned into the `Store` types. */

export function flattenFields(stream: string, fields: Record<string, string>): string[] {
  const flat = Object.entries(fields).flat();
  if (flat.length === 0) throw new StoreError('STORE_INVALID_ARGUMENT', `xadd ${stream}: an entry needs at least one field`);
  return flat;
}

function toFields(flat: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) fields[flat[i]!] = flat[i + 1]!;
  return fields;
}

/** `[[id, [field, value, …]], …]` (XRANGE, and each stream of an XREADGROUP reply). */
export function parseEntries(raw: unknown): StreamEntry[] {
  return ((raw as [string, string[] | null][] | null) ?? [])
    .filter(([, flat]) => flat !== null)
    .map(([id, flat]) => ({ id, fields: toFields(flat!) }));
}

/** `null` when nothing arrived, else `[[stream, entries]]` for the one stream read. */
export function parseReadGroup(raw: unknown): StreamEntry[] {
  const streams = raw as [string, unknown][] | null;
  return streams?.[0] ? parseEntries(streams[0][1]) : [];
}

/** `[count, smallest, largest, [[consumer, count], …] | null]`. */
export function parsePendingSummary(raw: unknown): StreamPendingSummary {
  const [count, smallestId, largestId, perConsumer] = raw as [number, string | null, string | null, [string, string][] | null];
  return {
    count: Number(count),
    smallestId: smallestId ?? null,
    largestId: largestId ?? null,
    consumers: Object.fromEntries((perConsumer ?? []).map(([consumer, n]) => [consumer, Number(n)])),
  };
}

export function parseClaimed(raw: unknown): ClaimedStreamEntry[] {
  return (raw as [string, string[], number][]).map(([id, flat, deliveries]) => ({ id, fields: toFields(flat), deliveries: Number(deliveries) }));
}

/**
 * XAUTOCLAIM returns the entries but not their delivery counts; reading those with XPENDING in the
 * same script keeps the answer exact (no other consumer can claim in between) and costs one round
 * trip. It follows the cursor until `count` entries are claimed or the pending list is exhausted,
 * because one XAUTOCLAIM call only scans a bounded part of it.
 */
export const autoClaimScript: AtomicScript<unknown> = {
  name: 'store_xautoclaim',
  lua: `
    local want = tonumber(ARGV[4])
    local claimed, cursor = {}, '0-0'
    repeat
      local reply = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], cursor, 'COUNT', want - #claimed)
      cursor = reply[1]
      for _, entry in ipairs(reply[2]) do
        if entry[2] then
          local info = redis.call('XPENDING', KEYS[1], ARGV[1], entry[1], entry[1], 1)
          table.insert(claimed, { entry[1], entry[2], info[1][4] })
        end
      end
    until cursor == '0-0' or #claimed >= want
    return claimed`,
  memory() {
    throw new StoreError('STORE_SCRIPT_FAILED', 'store_xautoclaim runs on Redis only; the in-process store claims natively');
  },
};

/**
 * XGROUP CREATE through a script: ioredis does not know XGROUP's key position, so it would neither
 * prefix the stream nor route it to the right cluster node; as KEYS[1] of a script it does both.
 * Answers 1 when created, 0 when the group already existed.
 */
export const groupCreateScript: AtomicScript<number> = {
  name: 'store_xgroup_create',
  lua: `
    local reply = redis.pcall('XGROUP', 'CREATE', KEYS[1], ARGV[1], ARGV[2], 'MKSTREAM')
    if type(reply) == 'table' and reply.err then
      if string.find(reply.err, 'BUSYGROUP') then return 0 end
      return redis.error_reply(reply.err)
    end
    return 1`,
  memory() {
    throw new StoreError('STORE_SCRIPT_FAILED', 'store_xgroup_create runs on Redis only; the in-process store creates groups natively');
  },
};
