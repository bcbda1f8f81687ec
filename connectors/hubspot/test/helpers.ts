import { createHubSpotStandIn, type HubSpotStandIn, type HubSpotStandInOptions } from '@ucg/legacy-hubspot';
import { afterEach } from 'vitest';
import { HubSpotConnector, type HubSpotConfig } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

/**
 * A small retailer keeps tests fast; every count is read from the stand-in, not assumed. Its
 * "now" is the wall clock, so seeded timestamps are never in the future of the writes tests make.
 */
export const SEED = { scale: 0.05, now: new Date().toISOString() } as const;

export interface Harness {
  standIn: HubSpotStandIn;
  url: string;
  connector: HubSpotConnector;
}

const open: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

/**
 * A stand-in on port 0 and a connector pointed at it; both closed after the test. `prepare` may
 * add hooks to the stand-in before it listens (to lose an answer, say).
 */
export async function harness(config: Partial<HubSpotConfig> = {}, options: HubSpotStandInOptions = {}, prepare?: (standIn: HubSpotStandIn) => void): Promise<Harness> {
  const standIn = createHubSpotStandIn({ seed: SEED, ...options });
  prepare?.(standIn);
  const url = await standIn.app.listen({ port: 0, host: '127.0.0.1' });
  const connector = new HubSpotConnector({ baseUrl: url, token: 'pat-ucg-dev', baseDelayMs: 1, ...config });
  open.push(async () => {
    await connector.close();
    await standIn.webhooks.idle();
    await standIn.app.close();
  });
  return { standIn, url, connector };
}

/** The stand-in's CRM calls (not the sandbox's), optionally only those whose path starts with `prefix`. */
export function crmCalls(standIn: HubSpotStandIn, prefix = '/crm/') {
  return standIn.requests.filter((r) => r.url.startsWith(prefix));
}
