import { createSapStandIn, type SapStandIn, type SapStandInOptions } from '@ucg/legacy-sap-s4';
import { SapConnector, type SapConfig, type SapConnectorOptions } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

/** The seed's "now": prices and rates are valid as of it. */
export const SEED_NOW = new Date('2026-11-20T12:00:00Z');

export interface ErpFixture {
  standIn: SapStandIn;
  url: string;
  connector(config?: Partial<SapConfig>, options?: SapConnectorOptions): SapConnector;
  /** Calls the stand-in counted per route since the last reset. */
  calls(): Promise<Record<string, number>>;
  sandbox(path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** The SAP stand-in on a free port (a tenth of the retailer, zero latency) and connectors pointed at it. */
export async function startErp(options: SapStandInOptions = {}): Promise<ErpFixture> {
  const standIn = createSapStandIn({ seed: { scale: 0.1 }, ...options });
  const url = await standIn.app.listen({ port: 0, host: '127.0.0.1' });
  const made: SapConnector[] = [];
  const sandbox = (path: string, body?: unknown) =>
    fetch(`${url}/__sandbox/${path}`, { method: 'POST', ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
  return {
    standIn,
    url,
    connector(config = {}, connectorOptions = { now: () => SEED_NOW }) {
      const c = new SapConnector({ baseUrl: url, user: 'UCG_DEV', password: 'ucg-dev-secret', baseDelayMs: 5, ...config }, undefined, connectorOptions);
      made.push(c);
      return c;
    },
    async calls() {
      return ((await (await fetch(`${url}/__sandbox/calls`)).json()) as { byEndpoint: Record<string, number> }).byEndpoint;
    },
    sandbox,
    async close() {
      await Promise.all(made.map((c) => c.close()));
      await standIn.app.close();
    },
  };
}

export const ROOT = '/sap/opu/odata/sap';
