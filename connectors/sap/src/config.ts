import { resilienceConfig } from '@ucg/connector-core';
import { z } from 'zod';

export const sapConfigSchema = z.object({
  ...resilienceConfig({ timeoutMs: 8000 }),
  /** Host origin of the S/4HANA system (the stand-in: http://127.0.0.1:4101). */
  baseUrl: z.string().url(),
  /** Communication user (Basic auth). */
  user: z.string().min(1),
  password: z.string().min(1),
  /** SAP client (mandant), sent as `sap-client`. */
  sapClient: z.string().default('100'),
  /** Values per `$filter` or-chain (keeps URLs well under proxy limits). */
  keysPerRequest: z.number().int().positive().max(200).default(60),
  /** Safety net for server-driven paging: a walk longer than this is an error, not a hang. */
  maxPages: z.number().int().positive().default(10_000),
  /** Plant the retailer's ERP stock and reorder points live in. */
  plant: z.string().default('1000'),
  /** Sales area new sales orders are posted in. */
  salesOrganization: z.string().default('1710'),
  distributionChannel: z.string().default('10'),
  division: z.string().default('00'),
  /** Sold-to party for web-store orders (a one-time customer). */
  webSoldToParty: z.string().default('10100000'),
});

export type SapConfig = z.input<typeof sapConfigSchema>;
export type ResolvedSapConfig = Readonly<z.output<typeof sapConfigSchema>>;

/** Validates once and freezes. */
export function resolveSapConfig(config: SapConfig): ResolvedSapConfig {
  return Object.freeze(sapConfigSchema.parse(config));
}
