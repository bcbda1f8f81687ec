import { resilienceConfig } from '@ucg/connector-core';
import { z } from 'zod';

/** Standard Webhooks secret the graph registers its subscriptions with (base64 of "ucg-dev-shipbob-webhook-secret"). */
export const DEV_WEBHOOK_SECRET = 'whsec_dWNnLWRldi1zaGlwYm9iLXdlYmhvb2stc2VjcmV0';

export const shipBobConfigSchema = z.object({
  ...resilienceConfig({ timeoutMs: 8000 }),
  /** https://api.shipbob.com, https://sandbox-api.shipbob.com, or the stand-in (http://127.0.0.1:4103). */
  baseUrl: z.string().url(),
  /** Personal access token (Bearer). */
  token: z.string().min(1),
  /** @default "2026-01" */
  apiVersion: z.string().default('2026-01'),
  /**
   * Sent as `shipbob_channel_id` on writes. When absent the connector asks `GET /channel` once and
   * takes the channel that carries the `orders_write` scope (the token's own application).
   */
  channelId: z.coerce.string().regex(/^\d+$/).optional(),
  /** Secret `registerWebhooks` subscribes with, so the receiver can verify deliveries. */
  webhookSecret: z.string().min(1).default(DEV_WEBHOOK_SECRET),
  /** Items per page for inventory levels and orders (ShipBob's maximum is 250). */
  pageSize: z.number().int().min(1).max(250).default(250),
  /** ShipBob's documented limit, used to pace calls once `x-remaining-calls` reaches 0. */
  rateLimit: z.object({ limit: z.number().int().positive().default(150), windowMs: z.number().int().positive().default(60_000) }).default({ limit: 150, windowMs: 60_000 }),
  /**
   * Read the SKU → inventory id index as soon as the connector is created, so the first stock
   * query costs one call rather than a catalogue walk. Failures are logged, not thrown.
   */
  prefetchSkuIndex: z.boolean().default(true),
  /** How long the SKU → inventory id index is trusted before it is re-read. */
  skuIndexTtlMs: z.number().int().positive().default(10 * 60_000),
}).strict();

export type ShipBobConfig = z.input<typeof shipBobConfigSchema>;
export type ResolvedShipBobConfig = Readonly<z.output<typeof shipBobConfigSchema>>;
