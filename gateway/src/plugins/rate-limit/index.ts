import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@ucg/service-kit';
import type { Store } from '@ucg/store';
import type { GatewayContext } from '../../context.ts';
import { ErrorCode, gatewayError } from '../../errors.ts';
import { refuseRequest } from '../refuse.ts';
import type { RateLimitOptions } from './options.ts';
import { tokenBucket } from './token-bucket.ts';

export type { RateLimitOptions, BucketLimit } from './options.ts';
export { tokenBucket } from './token-bucket.ts';

type RateLimitRuntime = { store: Store; logger: Logger; onLimited?: (kind: string) => void };

/**
 * Takes one token from the caller's bucket: the milliseconds to wait when there was none, 0 when
 * the request may go on (also when the store cannot answer: see below).
 */
export async function takeToken(options: RateLimitOptions, runtime: RateLimitRuntime, context: GatewayContext): Promise<number> {
  const limit = options.limits[context.clientKind];
  const key = `ratelimit:{${context.clientKind}:${context.clientId}}`;
  let outcome: [number, number, number];
  try {
    outcome = await runtime.store.run(tokenBucket, [key], [limit.burst, limit.perSecond, 1]);
  } catch (error) {
    runtime.logger.warn({ err: error }, 'rate limit store unavailable; letting the request pass');
    return 0;
  }
  const [allowed, , waitMs] = outcome;
  if (allowed) return 0;
  runtime.onLimited?.(context.clientKind);
  return Math.max(1, waitMs);
}

/**
 * Per-caller rate limits in the shared Store (a token bucket, one atomic script per request), so
 * every gateway process draws from the same bucket. Over the limit: `429` with `Retry-After`.
 * When the store cannot answer, requests pass (and a warning is logged): the limit protects the
 * graph, an outage of Redis must not take the graph down with it.
 */
export function rateLimitPlugin(options: RateLimitOptions, runtime: RateLimitRuntime): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue, request }) {
      if (contextValue.warmup) return undefined;
      const waitMs = await takeToken(options, runtime, contextValue);
      if (waitMs === 0) return undefined;
      const retryAfterS = Math.max(1, Math.ceil(waitMs / 1000));
      return refuseRequest(request, gatewayError(ErrorCode.LIMIT_RATE, `rate limit exceeded; retry in ${retryAfterS} s`, { status: 429, headers: { 'retry-after': String(retryAfterS) }, extensions: { retryAfterS } }));
    },
  };
}
