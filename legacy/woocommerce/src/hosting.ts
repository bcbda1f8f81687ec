import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

/**
 * What sits in front of WordPress rather than WooCommerce itself:
 *  - a managed host's per-client rate limit (fixed window), answered with 429, `Retry-After`
 *    and the host's HTML page, before WordPress even runs;
 *  - WordPress maintenance mode (`.maintenance` during updates): 503, `Retry-After`, HTML.
 * Both are off by default; tests and `WOO_RATE_LIMIT` turn them on.
 */

export const rateLimitSchema = z.object({
  /** Requests allowed per window and client; 0 turns the limit off. */
  limit: z.number().int().min(0),
  windowMs: z.number().int().min(100).max(3_600_000).default(60_000),
}).strict();

export const maintenanceSchema = z.object({
  on: z.boolean(),
  /** WordPress sends 600. */
  retryAfterSec: z.number().int().min(0).max(3600).default(600),
}).strict();

export type RateLimit = z.output<typeof rateLimitSchema>;

/** `WOO_RATE_LIMIT="<requests>/<seconds>"`, e.g. "120/60". */
export function rateLimitFromEnv(value: string | undefined): RateLimit {
  const m = value ? /^(\d+)\/(\d+)$/.exec(value.trim()) : null;
  return m ? { limit: Number(m[1]), windowMs: Number(m[2]) * 1000 } : { limit: 0, windowMs: 60_000 };
}

export class HostingLayer {
  private windows = new Map<string, { startedAt: number; count: number }>();
  private maintenance: { on: boolean; retryAfterSec: number } = { on: false, retryAfterSec: 600 };

  constructor(private rate: RateLimit, private readonly clock: () => number = Date.now) {}

  setRateLimit(rate: RateLimit): RateLimit {
    this.rate = rate;
    this.windows.clear();
    return this.rate;
  }

  setMaintenance(m: { on: boolean; retryAfterSec: number }): { on: boolean; retryAfterSec: number } {
    this.maintenance = m;
    return m;
  }

  reset(initial: RateLimit): void {
    this.setRateLimit(initial);
    this.maintenance = { on: false, retryAfterSec: 600 };
  }

  /** Answers the request itself when the host or maintenance mode stops it; otherwise returns undefined. */
  intercept(request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined {
    if (this.maintenance.on) {
      return reply.code(503).header('retry-after', String(this.maintenance.retryAfterSec)).type('text/html; charset=utf-8')
        .send('<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>Briefly unavailable for scheduled maintenance. Check back in a minute.</h1></body></html>');
    }
    if (this.rate.limit <= 0) return undefined;
    const now = this.clock();
    const client = request.ip;
    let window = this.windows.get(client);
    if (!window || now - window.startedAt >= this.rate.windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(client, window);
    }
    window.count++;
    if (window.count <= this.rate.limit) return undefined;
    const retryAfter = Math.max(1, Math.ceil((window.startedAt + this.rate.windowMs - now) / 1000));
    return reply.code(429).header('retry-after', String(retryAfter)).type('text/html; charset=utf-8')
      .send('<html><head><title>429 Too Many Requests</title></head><body><center><h1>429 Too Many Requests</h1></center></body></html>');
  }
}
