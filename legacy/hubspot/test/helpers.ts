import { afterEach } from 'vitest';
import { createHubSpotStandIn, type HubSpotStandIn, type HubSpotStandInOptions } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

/** Small and "now" at the wall clock, so seeded timestamps never lie in the future of test writes. */
export const SEED = { scale: 0.05, now: new Date().toISOString() } as const;
export const TOKEN = 'pat-ucg-dev';

const open: HubSpotStandIn[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) {
    await s.webhooks.idle();
    await s.app.close();
  }
});

/** A stand-in listening on port 0, closed after the test. */
export async function startStandIn(options: HubSpotStandInOptions = {}): Promise<{ standIn: HubSpotStandIn; url: string }> {
  const standIn = createHubSpotStandIn({ seed: SEED, ...options });
  const url = await standIn.app.listen({ port: 0, host: '127.0.0.1' });
  open.push(standIn);
  return { standIn, url };
}

/** A raw call with the private-app token, as curl would make it. */
export async function call(url: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
