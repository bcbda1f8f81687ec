import { z } from 'zod';

export const shopifyConfigSchema = z.object({
  /** Shop admin origin, e.g. https://acme.myshopify.com (the stand-in: http://127.0.0.1:4105). */
  baseUrl: z.string().url(),
  accessToken: z.string().min(1),
  /** @default "2026-01" */
  apiVersion: z.string().regex(/^\d{4}-\d{2}$/).default('2026-01'),
  timeoutMs: z.number().int().positive().default(5000),
  /** Attempts after the first (throttled requests are retried after the bucket refills). */
  maxRetries: z.number().int().min(0).default(4),
  /** Backoff base for retries of failures that carry no vendor wait (jittered, exponential). */
  baseDelayMs: z.number().int().positive().default(100),
  breakerThreshold: z.number().int().positive().default(5),
  breakerHalfOpenAfterMs: z.number().int().positive().default(10_000),
  /**
   * The longest a call waits for Shopify's bucket to refill; a longer wait fails the call at once
   * with UPSTREAM_RATE_LIMITED (and the wait in `retryAfterMs`) rather than hanging the graph.
   */
  maxThrottleWaitMs: z.number().int().positive().default(10_000),
  /** The single-query cost limit to plan pages and batches against (Shopify: 1000). */
  maxQueryCost: z.number().int().positive().default(1000),
  /** The longest interval between two polls of a running bulk operation (polls start at 50 ms and double). */
  bulkPollIntervalMs: z.number().int().positive().default(2000),
  /** A bulk export that has not completed after this long fails with UPSTREAM_TIMEOUT. */
  bulkTimeoutMs: z.number().int().positive().default(10 * 60_000),
  /** Webhook deliveries older than this (by X-Shopify-Triggered-At) are refused as replays. */
  webhookToleranceMs: z.number().int().positive().default(5 * 60_000),
});

export type ShopifyConfig = z.input<typeof shopifyConfigSchema>;
export type ResolvedShopifyConfig = z.output<typeof shopifyConfigSchema>;
