import type { FastifyReply } from 'fastify';
import type { ShipBobAccount } from './account.ts';
import { API_VERSION } from './constants.ts';
import type { SlidingWindowLimiter } from './rate-limit.ts';
import type { WebhookDispatcher } from './webhook-dispatch.ts';

/** What every route module needs; `live` is replaced on `/__sandbox/reset`, so read it per request. */
export interface RouteContext {
  live: { account: ShipBobAccount; dispatcher: WebhookDispatcher };
  limiter: SlidingWindowLimiter;
  clock: () => number;
}

export const V = `/${API_VERSION}`;

export type Query = Record<string, string | undefined>;

/** Parses ShipBob's int32 path/query ids; `undefined` when the text is not one. */
export function int32(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,10}$/.test(value)) return undefined;
  const n = Number(value);
  return n <= 2_147_483_647 ? n : undefined;
}

export function bool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** A comma-separated list as ShipBob takes them (`?IDs=1,2`). */
export function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * ShipBob splits list parameters on literal commas only: a percent-encoded comma (`%2C`, what most
 * URL builders produce) is not a separator (observed by the community Node SDK, which unescapes
 * commas on every request). Returns true when the raw query encodes commas inside `name`.
 */
export function encodedCommaIn(rawUrl: string, name: string): boolean {
  const query = rawUrl.split('?')[1] ?? '';
  return query.split('&').some((pair) => pair.split('=')[0] === name && /%2C/i.test(pair));
}

export function notFound(reply: FastifyReply, what: string): FastifyReply {
  return reply.code(404).send({ message: `${what} not found` });
}
