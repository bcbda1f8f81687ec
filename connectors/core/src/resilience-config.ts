import { z } from 'zod';
import type { HttpClientOptions } from './http-client.ts';

export interface ResilienceDefaults {
  /** Per attempt. */
  timeoutMs: number;
  /** @default 3 */
  maxRetries?: number;
  /** @default 100 */
  baseDelayMs?: number;
}

/**
 * The resilience settings every connector's configuration carries, with that vendor's defaults;
 * spread into a connector's zod object so all connectors name and bound them alike.
 */
export function resilienceConfig(defaults: ResilienceDefaults) {
  return {
    /** Per attempt. */
    timeoutMs: z.number().int().positive().default(defaults.timeoutMs),
    /** Retries after the first attempt, for failures worth retrying. */
    maxRetries: z.number().int().min(0).max(10).default(defaults.maxRetries ?? 3),
    /** Backoff base for retries (exponential, full jitter). */
    baseDelayMs: z.number().int().min(0).default(defaults.baseDelayMs ?? 100),
    /** Consecutive outage failures that open the system's circuit breaker. */
    breakerThreshold: z.number().int().positive().default(5),
    /** How long an open breaker fails fast before one trial call. */
    breakerHalfOpenAfterMs: z.number().int().positive().default(10_000),
  };
}

export type ResilienceSettings = { timeoutMs: number; maxRetries: number; baseDelayMs: number; breakerThreshold: number; breakerHalfOpenAfterMs: number };

/** The resilience part of `createHttpClient`'s options, from a parsed connector configuration. */
export function resilienceOptions(config: ResilienceSettings): Pick<HttpClientOptions, 'timeoutMs' | 'maxRetries' | 'baseDelayMs' | 'breakerThreshold' | 'breakerHalfOpenAfterMs'> {
  const { timeoutMs, maxRetries, baseDelayMs, breakerThreshold, breakerHalfOpenAfterMs } = config;
  return { timeoutMs, maxRetries, baseDelayMs, breakerThreshold, breakerHalfOpenAfterMs };
}
