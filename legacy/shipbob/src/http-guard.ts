import type { FastifyInstance } from 'fastify';
import { V, type RouteContext } from './context.ts';
import { problem, tooManyRequests } from './replies.ts';

export interface RequestLogEntry {
  /** When the stand-in received the call (ms since epoch). */
  at: number;
  method: string;
  url: string;
  status: number | null;
}

/**
 * Bearer auth, the sliding-window rate limit (`x-remaining-calls` on every answer, `429` +
 * `x-retry-after` when exhausted) and a log of API calls with arrival times, so tests can
 * measure at the stand-in when a client called.
 */
export function installGuards(app: FastifyInstance, ctx: RouteContext, token: () => string, log: RequestLogEntry[]): void {
  const entries = new WeakMap<object, RequestLogEntry>();
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(`${V}/`)) return;
    const entry: RequestLogEntry = { at: ctx.clock(), method: request.method, url: request.url, status: null };
    log.push(entry);
    if (log.length > 2000) log.shift();
    entries.set(request.raw, entry);

    const auth = request.headers.authorization ?? '';
    if (auth !== `Bearer ${token()}`) {
      reply.header('www-authenticate', 'Bearer');
      return problem(reply, 401, 'Unauthorized');
    }
    const verdict = ctx.limiter.take(auth);
    if (!verdict.allowed) return tooManyRequests(reply, Math.max(1, Math.ceil(verdict.retryAfterMs / 1000)));
    reply.header('x-remaining-calls', String(verdict.remaining));
  });
  app.addHook('onResponse', async (request, reply) => {
    const entry = entries.get(request.raw);
    if (entry) entry.status = reply.statusCode;
  });
}
