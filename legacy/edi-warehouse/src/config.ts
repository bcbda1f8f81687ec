import { join } from 'node:path';
import type { Logger } from 'pino';
import type { SeedOptions } from '@ucg/legacy-seed';

export interface EdiStandInOptions {
  seed?: SeedOptions;
  /** The exchange folder (our local stand-in for the warehouse's SFTP server). Env `EDI_EXCHANGE_DIR`, default `.data/edi`. */
  exchangeDir?: string;
  /** The warehouse's interchange id (ISA06 on what it sends). Env `EDI_WAREHOUSE_ID`, default `VENLO3PL`. */
  warehouseId?: string;
  /** The depositor's (retailer's) interchange id (ISA08 on what it sends). Env `EDI_RETAILER_ID`, default `UCGRETAIL`. */
  partnerId?: string;
  /** Period of the full 846 snapshot; 0 turns the timer off (the start-up snapshot is always written). Env `EDI_SNAPSHOT_INTERVAL_MS`, default 15 min. */
  snapshotIntervalMs?: number;
  /** Simulated pick/pack time between accepting a 940 and shipping it. Env `EDI_PICK_DELAY_MS`, default 5 s. */
  pickDelayMs?: number;
  /** How often the warehouse looks for new files in `to-warehouse/`. Env `EDI_POLL_INTERVAL_MS`, default 1 s. */
  pollIntervalMs?: number;
  /** Days of 945s the warehouse keeps in `history/` (seeded from the retailer's shipments). Env `EDI_HISTORY_DAYS`, default 400. */
  historyDays?: number;
  /** ISA15: `P` production, `T` test. Env `EDI_USAGE_INDICATOR`, default `P`. */
  usageIndicator?: 'P' | 'T';
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
}

export interface WarehouseConfig {
  exchangeDir: string;
  warehouseId: string;
  partnerId: string;
  snapshotIntervalMs: number;
  pickDelayMs: number;
  pollIntervalMs: number;
  historyDays: number;
  usageIndicator: 'P' | 'T';
}

function num(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
}

/** Options win over the environment, the environment over defaults; the ids are upper-cased as X12 ids are. */
export function resolveConfig(options: EdiStandInOptions): Readonly<WarehouseConfig> {
  const env = options.env ?? process.env;
  const latencyOff = env.UCG_LEGACY_LATENCY === 'off' || env.UCG_LEGACY_LATENCY === '0';
  const usage = options.usageIndicator ?? env.EDI_USAGE_INDICATOR ?? 'P';
  if (usage !== 'P' && usage !== 'T') throw new Error(`EDI_USAGE_INDICATOR must be P or T, got "${usage}"`);
  return Object.freeze({
    exchangeDir: options.exchangeDir ?? env.EDI_EXCHANGE_DIR ?? join(process.cwd(), '.data', 'edi'),
    warehouseId: (options.warehouseId ?? env.EDI_WAREHOUSE_ID ?? 'VENLO3PL').toUpperCase(),
    partnerId: (options.partnerId ?? env.EDI_RETAILER_ID ?? 'UCGRETAIL').toUpperCase(),
    snapshotIntervalMs: options.snapshotIntervalMs ?? num(env.EDI_SNAPSHOT_INTERVAL_MS, 15 * 60_000, 'EDI_SNAPSHOT_INTERVAL_MS'),
    // Picking takes time in a real warehouse; with latency off (tests) it is immediate unless asked otherwise.
    pickDelayMs: options.pickDelayMs ?? num(env.EDI_PICK_DELAY_MS, latencyOff ? 0 : 5000, 'EDI_PICK_DELAY_MS'),
    pollIntervalMs: options.pollIntervalMs ?? num(env.EDI_POLL_INTERVAL_MS, latencyOff ? 50 : 1000, 'EDI_POLL_INTERVAL_MS'),
    historyDays: options.historyDays ?? num(env.EDI_HISTORY_DAYS, 400, 'EDI_HISTORY_DAYS'),
    usageIndicator: usage,
  });
}
