import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { FulfilmentOrderRequest } from '@ucg/connector-core';
import { createEdiStandIn, type EdiStandIn, type EdiStandInOptions } from '@ucg/legacy-edi-warehouse';
import { EdiConnector, type EdiConfig } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

const cleanups: (() => Promise<void>)[] = [];
export async function closeAll(): Promise<void> {
  await Promise.all(cleanups.splice(0).map((c) => c()));
}

export interface World {
  dir: string;
  url: string;
  warehouse: EdiStandIn;
  connector: EdiConnector;
  logs: Record<string, unknown>[];
  logger: Logger;
  /** A second connector on the same exchange and state, as after a restart. */
  restartConnector(): EdiConnector;
}

/** A logger whose lines the test can read. */
export function captureLogs(): { logs: Record<string, unknown>[]; logger: Logger } {
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logs, logger: pino({ level: 'info' }, stream) };
}

/** The warehouse stand-in (real files, HTTP on a free port) and a connector on the same exchange folder. */
export async function startWorld(options: { warehouse?: EdiStandInOptions; connector?: Partial<EdiConfig> } = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'edi-conn-'));
  const warehouse = createEdiStandIn({ seed: { scale: 0.05 }, pollIntervalMs: 10, pickDelayMs: 0, snapshotIntervalMs: 0, historyDays: 30, ...options.warehouse, exchangeDir: dir });
  const url = await warehouse.app.listen({ port: 0, host: '127.0.0.1' });
  const { logs, logger } = captureLogs();
  const make = () => new EdiConnector({ exchangeDir: dir, pollIntervalMs: 20, ...options.connector }, { logger });
  cleanups.push(async () => {
    await warehouse.app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, url, warehouse, connector: make(), logs, logger, restartConnector: make };
}

export async function waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Polls the connector until `done` holds for everything processed so far. */
export async function pollUntil(connector: EdiConnector, done: (all: Awaited<ReturnType<EdiConnector['poll']>>) => boolean, timeoutMs = 10_000) {
  const all: Awaited<ReturnType<EdiConnector['poll']>> = [];
  await waitFor(async () => {
    all.push(...(await connector.poll()));
    return done(all);
  }, timeoutMs, 'the warehouse to answer');
  return all;
}

export function files(dir: string, folder: string): string[] {
  try {
    return readdirSync(join(dir, folder)).filter((n) => !n.startsWith('.') && n.endsWith('.edi'));
  } catch {
    return [];
  }
}

export function order(referenceId: string, sku: string, quantity = 1, email = 'yuki.silva@example.co.uk'): FulfilmentOrderRequest {
  return {
    referenceId,
    orderNumber: referenceId,
    shippingMethod: 'Standard',
    recipient: { name: 'Yuki Silva', email, address: { line1: '221 Oak Ave', line2: null, city: 'Paris', province: null, postalCode: '75008', countryCode: 'FR' } },
    lines: [{ sku, name: 'Trail Runner 42', quantity }],
  };
}
