import { join } from 'node:path';
import { z } from 'zod';

const x12Id = z.string().min(2).max(15).regex(/^[A-Z0-9 .-]+$/, 'upper-case letters, digits, space, dot or dash');

export const ediConfigSchema = z.object({
  /** Root of the exchange (the 3PL's SFTP server; locally a folder). Env `EDI_EXCHANGE_DIR`. */
  exchangeDir: z.string().min(1),
  /** Our own disk: control numbers, ledgers, stock and shipment state, copies of what we sent. @default `<exchangeDir>/.connector` */
  stateDir: z.string().min(1).optional(),
  /** Our interchange id (ISA06 on what we send). Env `EDI_RETAILER_ID`. */
  retailerId: x12Id.default('UCGRETAIL'),
  /** The warehouse's interchange id. Env `EDI_WAREHOUSE_ID`. */
  warehouseId: x12Id.default('VENLO3PL'),
  /** ISA05/ISA07 qualifier both parties use (`ZZ` = mutually defined). */
  idQualifier: z.string().length(2).default('ZZ'),
  /** The warehouse's location id in the graph (what 846 N1*WH carries). */
  locationNativeId: z.string().min(1).default('VEN1'),
  /** Where we drop files, where the warehouse writes, and its retention folder of sent 945s. */
  folders: z.object({
    outbound: z.string().default('to-warehouse'),
    inbound: z.string().default('from-warehouse'),
    history: z.string().default('history'),
  }).prefault({}),
  /** `watch()` polls this often. Env `EDI_POLL_INTERVAL_MS`. */
  pollIntervalMs: z.number().int().positive().default(500),
  /** ISA15 on what we send. */
  usageIndicator: z.enum(['P', 'T']).default('P'),
  /** How long an interchange key is remembered to spot a file delivered twice. */
  duplicateWindowDays: z.number().int().positive().default(30),
});

export type EdiConfig = z.input<typeof ediConfigSchema>;
export type ResolvedEdiConfig = z.output<typeof ediConfigSchema> & { stateDir: string };

export function resolveEdiConfig(config: EdiConfig): Readonly<ResolvedEdiConfig> {
  const parsed = ediConfigSchema.parse(config);
  return Object.freeze({ ...parsed, stateDir: parsed.stateDir ?? join(parsed.exchangeDir, '.connector') });
}

/** The connector's configuration from `EDI_EXCHANGE_DIR`, `EDI_CONNECTOR_STATE_DIR`, `EDI_RETAILER_ID`, `EDI_WAREHOUSE_ID`, `EDI_POLL_INTERVAL_MS`. */
export function ediConfigFromEnv(env: NodeJS.ProcessEnv = process.env): EdiConfig {
  return {
    exchangeDir: env.EDI_EXCHANGE_DIR ?? join(process.cwd(), '.data', 'edi'),
    ...(env.EDI_CONNECTOR_STATE_DIR ? { stateDir: env.EDI_CONNECTOR_STATE_DIR } : {}),
    ...(env.EDI_RETAILER_ID ? { retailerId: env.EDI_RETAILER_ID } : {}),
    ...(env.EDI_WAREHOUSE_ID ? { warehouseId: env.EDI_WAREHOUSE_ID } : {}),
    ...(env.EDI_POLL_INTERVAL_MS ? { pollIntervalMs: Number(env.EDI_POLL_INTERVAL_MS) } : {}),
  };
}
