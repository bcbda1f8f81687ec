import type { AtomicScript } from '@ucg/store';

/**
 * Files a return for one order atomically. KEYS: [returns (id → record), returned (sku → units),
 * keys (idempotency key → "id|fingerprint")], all under the order's hash tag. ARGV: [key or '',
 * id, record JSON, fingerprint, then sku, units, bought per SKU]. Answers `existing|<id>|<fingerprint>`
 * when the key filed one before, `exceeded|<sku>|<units still returnable>` when a SKU would be
 * returned more often than it was bought (nothing is written), else `created|<id>`. Checking and
 * counting in one step means two concurrent returns can never both take the last unit.
 */
export const fileReturnScript: AtomicScript<string> = {
  name: 'orders_file_return',
  lua: `
if ARGV[1] ~= '' then
  local seen = redis.call('HGET', KEYS[3], ARGV[1])
  if seen then return 'existing|' .. seen end
end
for i = 5, #ARGV, 3 do
  local returned = tonumber(redis.call('HGET', KEYS[2], ARGV[i]) or '0')
  local want, bought = tonumber(ARGV[i + 1]), tonumber(ARGV[i + 2])
  if returned + want > bought then return 'exceeded|' .. ARGV[i] .. '|' .. math.max(0, bought - returned) end
end
for i = 5, #ARGV, 3 do redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
if ARGV[1] ~= '' then redis.call('HSET', KEYS[3], ARGV[1], ARGV[2] .. '|' .. ARGV[4]) end
return 'created|' .. ARGV[2]`,
  memory(db, [returns, returned, keys], [key, id, record, fingerprint, ...lines]) {
    if (key) {
      const seen = db.hget(keys!, key);
      if (seen !== null) return `existing|${seen}`;
    }
    for (let i = 0; i < lines.length; i += 3) {
      const already = Number(db.hget(returned!, lines[i]!) ?? '0');
      const want = Number(lines[i + 1]);
      const bought = Number(lines[i + 2]);
      if (already + want > bought) return `exceeded|${lines[i]}|${Math.max(0, bought - already)}`;
    }
    for (let i = 0; i < lines.length; i += 3) db.hincrBy(returned!, lines[i]!, Number(lines[i + 1]));
    db.hset(returns!, { [id!]: record! });
    if (key) db.hset(keys!, { [key]: `${id}|${fingerprint}` });
    return `created|${id}`;
  },
};
