import type { AtomicScript } from '@ucg/store';

/**
 * Takes `cost` tokens from a bucket of `capacity` that refills at `perSecond`, atomically. Answers
 * `[allowed (1|0), tokens left (floored), ms until enough tokens]`. Redis's clock is used on Redis,
 * so every gateway process agrees on time; the bucket expires once it would be full again.
 */
export const tokenBucket: AtomicScript<[number, number, number]> = {
  name: 'gateway_token_bucket',
  lua: `
    local capacity = tonumber(ARGV[1])
    local rate = tonumber(ARGV[2]) / 1000
    local cost = tonumber(ARGV[3])
    local t = redis.call('TIME')
    local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
    local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens') or capacity)
    local at = tonumber(redis.call('HGET', KEYS[1], 'at') or now)
    tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
    local allowed = 0
    local wait = 0
    if tokens >= cost then
      tokens = tokens - cost
      allowed = 1
    else
      wait = math.ceil((cost - tokens) / rate)
    end
    redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
    redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate) + 1000)
    return { allowed, math.floor(tokens), wait }`,
  memory(db, [key], [capacityArg, perSecondArg, costArg]) {
    const capacity = Number(capacityArg);
    const rate = Number(perSecondArg) / 1000;
    const cost = Number(costArg);
    const now = db.now();
    const at = Number(db.hget(key!, 'at') ?? now);
    let tokens = Math.min(capacity, Number(db.hget(key!, 'tokens') ?? capacity) + Math.max(0, now - at) * rate);
    let allowed = 0;
    let wait = 0;
    if (tokens >= cost) {
      tokens -= cost;
      allowed = 1;
    } else {
      wait = Math.ceil((cost - tokens) / rate);
    }
    db.hset(key!, { tokens: String(tokens), at: String(now) });
    db.expire(key!, Math.ceil((capacity - tokens) / rate) + 1000);
    return [allowed, Math.floor(tokens), wait];
  },
};
