import { resilienceConfig } from '@ucg/connector-core';
import { z } from 'zod';

/** Configuration of the HubSpot connector; parsed once by the connector's constructor. */
export const hubSpotConfigSchema = z.object({
  ...resilienceConfig({ timeoutMs: 5000 }),
  /** https://api.hubapi.com (the stand-in: http://127.0.0.1:4102). */
  baseUrl: z.string().url(),
  /** Private-app access token (Bearer). */
  token: z.string().min(1),
  /** Page size for list endpoints (HubSpot's maximum is 100). @default 100 */
  pageSize: z.number().int().min(1).max(100).default(100),
  /** Page size for search (HubSpot's maximum is 200). @default 200 */
  searchPageSize: z.number().int().min(1).max(200).default(200),
  /** HubSpot never pages a search beyond this many results; the connector restarts the query past it. @default 10000 */
  searchMaxResults: z.number().int().positive().default(10_000),
  /** Search calls per second the connector allows itself (HubSpot allows 5 and sends no headers for them). @default 4 */
  searchRequestsPerSecond: z.number().int().positive().default(4),
  /**
   * Requests of the ten-second budget left untouched: when `X-HubSpot-RateLimit-Remaining` falls to
   * this, the connector waits for the window to free up instead of spending it (other integrations
   * of the portal share the budget). @default 0
   */
  rateLimitReserve: z.number().int().min(0).default(0),
  /** Applied loyalty operation ids kept on the contact (the idempotency window). @default 100 */
  ledgerSize: z.number().int().min(1).max(300).default(100),
  /** Developer API key of the app that owns the webhook subscriptions (only for `registerWebhooks`). */
  developerApiKey: z.string().min(1).optional(),
  /** That app's id (only for `registerWebhooks`). */
  appId: z.union([z.string().min(1), z.number().int().positive()]).transform(String).optional(),
});

export type HubSpotConfig = z.input<typeof hubSpotConfigSchema>;
export type ResolvedHubSpotConfig = Readonly<z.output<typeof hubSpotConfigSchema>>;

export function parseHubSpotConfig(config: HubSpotConfig): ResolvedHubSpotConfig {
  return Object.freeze(hubSpotConfigSchema.parse(config));
}
