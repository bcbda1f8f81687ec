import { resilienceConfig } from '@ucg/connector-core';
import { z } from 'zod';

export const wooConfigSchema = z.object({
  ...resilienceConfig({ timeoutMs: 8000, baseDelayMs: 200 }),
  /** The WordPress site (home URL), e.g. https://market.example.com (the stand-in: http://127.0.0.1:4106). */
  baseUrl: z.string().url(),
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1),
  /**
   * How to authenticate. `auto` does what WooCommerce expects: one-legged OAuth 1.0a over
   * http://, HTTP Basic over https://. `query` sends key/secret as query parameters (HTTPS only,
   * for hosts that strip the Authorization header).
   */
  auth: z.enum(['auto', 'oauth1', 'basic', 'query']).default('auto'),
  signatureMethod: z.enum(['HMAC-SHA256', 'HMAC-SHA1']).default('HMAC-SHA256'),
  /** REST prefix under the site. */
  apiPath: z.string().regex(/^\/[^?#]*[^/]$/).default('/wp-json/wc/v3'),
  /** The shop's base currency; read from `data/currencies/current` when not given. */
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  maxDelayMs: z.number().int().positive().default(10_000),
  /** `per_page` for every list walk (WooCommerce's maximum is 100). */
  perPage: z.number().int().min(1).max(100).default(100),
  /** Parallel requests where the API offers no batch read (variations per product, customers per email). */
  concurrency: z.number().int().min(1).max(16).default(4),
  /** SKUs per `products?sku=a,b,…` request (keeps URLs short). */
  skusPerRequest: z.number().int().min(1).max(100).default(40),
  /** Webhook deliveries whose resource changed longer ago than this are refused as replays. */
  webhookToleranceMs: z.number().int().positive().default(15 * 60_000),
  /**
   * What erasure does to the person's orders after deleting the customer account. WooCommerce keeps
   * orders (they are accounting records); `anonymize` blanks their personal fields as WooCommerce's own
   * privacy eraser does, `retain` leaves them and reports RETAINED.
   */
  eraseOrders: z.enum(['anonymize', 'retain']).default('anonymize'),
});

export type WooConfig = z.input<typeof wooConfigSchema>;
export type ResolvedWooConfig = Readonly<z.output<typeof wooConfigSchema>>;

export function resolveWooConfig(config: WooConfig): ResolvedWooConfig {
  return Object.freeze(wooConfigSchema.parse(config));
}
