import type { FastifyReply } from 'fastify';

/** ShipBob's error bodies: ASP.NET problem details (inventory), model-state maps (orders), and the gateway's own. */

export function problem(reply: FastifyReply, status: number, title: string, detail?: string): FastifyReply {
  return reply.code(status).type('application/problem+json').send({ type: `https://tools.ietf.org/html/rfc9110#section-15.${status >= 500 ? '6' : '5'}.${status % 100 + 1}`, title, status, ...(detail ? { detail } : {}) });
}

/** `{ "Field": ["message"] }`, as the orders API answers 400 and 422. */
export function modelState(reply: FastifyReply, status: 400 | 422, errors: Record<string, string[]>): FastifyReply {
  return reply.code(status).send(errors);
}

/** The rate-limit refusal, documented at developer.shipbob.com/rate-limit. */
export function tooManyRequests(reply: FastifyReply, retryAfterSeconds: number): FastifyReply {
  return reply
    .code(429)
    .header('x-retry-after', String(retryAfterSeconds))
    .header('x-remaining-calls', '0')
    .send({ statusCode: 429, message: `Rate limit is exceeded. Try again in ${retryAfterSeconds} seconds.` });
}

/** A sandbox control refused its input; the code is stable for tests. */
export function sandboxError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).send({ code, message });
}
