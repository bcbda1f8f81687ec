import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { HubSpotLimits } from './options.ts';

/** A true sliding log: at most `max` accepted requests in any `intervalMs`. */
class SlidingLog {
  private hits: number[] = [];

  /** Accepts (and records) the request when the window has room. */
  take(now: number, max: number, intervalMs: number): boolean {
    this.prune(now, intervalMs);
    if (this.hits.length >= max) return false;
    this.hits.push(now);
    return true;
  }

  count(now: number, intervalMs: number): number {
    this.prune(now, intervalMs);
    return this.hits.length;
  }

  clear(): void {
    this.hits = [];
  }

  private prune(now: number, intervalMs: number): void {
    let drop = 0;
    while (drop < this.hits.length && this.hits[drop]! <= now - intervalMs) drop++;
    if (drop) this.hits.splice(0, drop);
  }
}

type Policy = 'TEN_SECONDLY_ROLLING' | 'DAILY' | 'SECONDLY';

const messages: Record<Policy, string> = {
  TEN_SECONDLY_ROLLING: 'You have reached your ten_secondly_rolling limit.',
  DAILY: 'You have reached your daily limit.',
  // Word for word: @hubspot/api-client retries search 429s by matching this message.
  SECONDLY: 'You have reached your secondly limit.',
};

export const limitsSchema = z.object({
  max: z.number().int().positive().optional(),
  intervalMs: z.number().int().positive().optional(),
  daily: z.number().int().positive().optional(),
  searchPerSecond: z.number().int().positive().optional(),
  searchMaxTotal: z.number().int().positive().optional(),
}).strict();

/**
 * HubSpot's limits per private app: a ten-second rolling window and a daily quota, announced in
 * `X-HubSpot-RateLimit-*` headers on every CRM answer; CRM search has its own per-second limit
 * and, as in HubSpot, its answers carry no rate-limit headers. Requests refused with 429 do not
 * count.
 */
export class RateLimiter {
  private readonly window = new SlidingLog();
  private readonly search = new SlidingLog();
  private day = '';
  private dayCount = 0;

  constructor(readonly limits: HubSpotLimits, private readonly clock: () => number = Date.now) {}

  reset(): void {
    this.window.clear();
    this.search.clear();
    this.dayCount = 0;
  }

  /** Answers 429 (and returns the reply) when a limit is spent; otherwise sets the headers and returns undefined. */
  check(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    const now = this.clock();
    const today = new Date(now).toISOString().slice(0, 10);
    if (today !== this.day) {
      this.day = today;
      this.dayCount = 0;
    }
    const l = this.limits;
    if (this.dayCount >= l.daily) return this.refuse(reply, 'DAILY', now);
    if (isSearch(request)) {
      if (!this.search.take(now, l.searchPerSecond, 1000)) return this.refuse(reply, 'SECONDLY', now);
      this.dayCount++;
      return undefined;
    }
    if (!this.window.take(now, l.max, l.intervalMs)) return this.refuse(reply, 'TEN_SECONDLY_ROLLING', now);
    this.dayCount++;
    this.headers(reply, now);
    return undefined;
  }

  private headers(reply: FastifyReply, now: number): void {
    const l = this.limits;
    const used = this.window.count(now, l.intervalMs);
    const secondly = Math.max(1, Math.floor(l.max / Math.max(1, l.intervalMs / 1000)));
    reply.headers({
      'x-hubspot-ratelimit-daily': String(l.daily),
      'x-hubspot-ratelimit-daily-remaining': String(Math.max(0, l.daily - this.dayCount)),
      'x-hubspot-ratelimit-interval-milliseconds': String(l.intervalMs),
      'x-hubspot-ratelimit-max': String(l.max),
      'x-hubspot-ratelimit-remaining': String(Math.max(0, l.max - used)),
      'x-hubspot-ratelimit-secondly': String(secondly),
      'x-hubspot-ratelimit-secondly-remaining': String(Math.max(0, secondly - this.window.count(now, 1000))),
    });
  }

  private refuse(reply: FastifyReply, policy: Policy, now: number): FastifyReply {
    if (policy !== 'SECONDLY') this.headers(reply, now);
    return reply.code(429).send({
      status: 'error', message: messages[policy], errorType: 'RATE_LIMIT',
      correlationId: randomUUID(), policyName: policy, requestId: randomUUID().replace(/-/g, ''),
    });
  }
}

function isSearch(request: FastifyRequest): boolean {
  return request.method === 'POST' && /^\/crm\/v3\/objects\/[^/]+\/search(\?|$)/.test(request.url);
}

/** `POST /__sandbox/rate-limit` changes the limits at run time (tests and demos set them low). */
export function installRateLimitControl(app: FastifyInstance, limiter: RateLimiter): void {
  app.post('/__sandbox/rate-limit', async (request, reply) => {
    const parsed = limitsSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ code: 'SANDBOX_BAD_LIMITS', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    Object.assign(limiter.limits, Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)));
    limiter.reset();
    return limiter.limits;
  });
  app.get('/__sandbox/rate-limit', async () => limiter.limits);
}
