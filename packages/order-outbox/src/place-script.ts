import type { AtomicScript } from '@ucg/store';

/**
 * Places order ARGV[2] (number) for idempotency key ARGV[1] unless the key already placed one:
 * records key → number, writes the order JSON ARGV[3], indexes it under the shopper's email
 * (score ARGV[5] = −placedAt, newest first) and queues it for publishing (score ARGV[4] = placedAt;
 * scores travel as text so Lua's number formatting never touches them). All or nothing, so
 * concurrent duplicates of one checkout make exactly one order. KEYS: idempotency, order,
 * email index, unpublished. Answers `created|<number>` or `existing|<number>`.
 */
export const placeScript: AtomicScript<string> = {
  name: 'outbox_place',
  lua: `
local existing = redis.call('HGET', KEYS[1], ARGV[1])
if existing then return 'existing|' .. existing end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('SET', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[5], ARGV[2])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[2])
return 'created|' .. ARGV[2]`,
  memory(db, [idempotency, order, byEmail, unpublished], [key, number, json, placedAt, newestFirst]) {
    const existing = db.hget(idempotency!, key!);
    if (existing !== null) return `existing|${existing}`;
    db.hset(idempotency!, { [key!]: number! });
    db.set(order!, json!);
    db.zadd(byEmail!, [{ member: number!, score: Number(newestFirst) }]);
    db.zadd(unpublished!, [{ member: number!, score: Number(placedAt) }]);
    return `created|${number}`;
  },
};
