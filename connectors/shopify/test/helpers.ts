import { createShopifyStandIn, type ShopifyStandIn, type ShopifyStandInOptions } from '@ucg/legacy-shopify';
import { afterEach } from 'vitest';
import { ShopifyConnector, type ShopifyConfig } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

/** A small retailer keeps tests fast; counts are read from the stand-in, never assumed. */
export const SEED = { scale: 0.05 } as const;

export interface AdminRequest {
  /** performance.now() when the request reached the stand-in. */
  at: number;
  throttled: boolean;
  maxCost: boolean;
  requested: number | null;
  /** The bucket after the request (before it, for a throttled one). */
  available: number | null;
  restoreRate: number | null;
}

export interface Harness {
  standIn: ShopifyStandIn;
  url: string;
  connector: ShopifyConnector;
  /** Admin API requests the stand-in received, with their arrival time and whether it throttled them. */
  requests: AdminRequest[];
}

const open: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

/** A stand-in on port 0 and a connector pointed at it; both closed after the test. */
export async function harness(config: Partial<ShopifyConfig> = {}, options: ShopifyStandInOptions = {}, setup?: (standIn: ShopifyStandIn) => void): Promise<Harness> {
  // A quick refill keeps walks fast; the throttling tests set Shopify's real figures or smaller.
  const standIn = createShopifyStandIn({ seed: SEED, ...options, bucket: { restoreRate: 1000, ...options.bucket } });
  const requests: Harness['requests'] = [];
  standIn.app.addHook('onSend', async (request, _reply, payload) => {
    if (request.url.startsWith('/admin/')) {
      const text = typeof payload === 'string' ? payload : '';
      let cost: { requestedQueryCost?: number; throttleStatus?: { currentlyAvailable: number; restoreRate: number } } | undefined;
      try { cost = (JSON.parse(text) as { extensions?: { cost?: typeof cost } }).extensions?.cost; } catch { cost = undefined; }
      requests.push({
        at: (request as unknown as { arrivedAt: number }).arrivedAt, throttled: text.includes('"THROTTLED"'), maxCost: text.includes('"MAX_COST_EXCEEDED"'),
        requested: cost?.requestedQueryCost ?? null, available: cost?.throttleStatus?.currentlyAvailable ?? null, restoreRate: cost?.throttleStatus?.restoreRate ?? null,
      });
    }
    return payload;
  });
  standIn.app.addHook('onRequest', async (request) => {
    (request as unknown as { arrivedAt: number }).arrivedAt = performance.now();
  });
  setup?.(standIn);
  const url = await standIn.app.listen({ port: 0, host: '127.0.0.1' });
  const connector = new ShopifyConnector({ baseUrl: url, accessToken: 'shpat_ucg_dev', baseDelayMs: 1, ...config });
  open.push(async () => {
    await connector.close();
    await standIn.app.close();
  });
  return { standIn, url, connector, requests };
}

/** Admin API calls the sandbox counted. */
export async function adminCalls(url: string): Promise<number> {
  const res = await fetch(`${url}/__sandbox/calls`);
  const body = (await res.json()) as { byEndpoint: Record<string, number> };
  return Object.entries(body.byEndpoint).filter(([k]) => k.includes('/admin/api/')).reduce((s, [, n]) => s + n, 0);
}

/** Sends a raw Admin API query (to spend the bucket the way another app process would). */
export async function rawQuery(url: string, query: string): Promise<unknown> {
  const res = await fetch(`${url}/admin/api/2026-01/graphql.json`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-shopify-access-token': 'shpat_ucg_dev' }, body: JSON.stringify({ query }) });
  return res.json();
}

export interface Delivery {
  rawBody: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A local webhook receiver that keeps each delivery's raw body and headers. */
export async function webhookReceiver(): Promise<{ url: string; deliveries: Delivery[]; next(topic: string): Promise<Delivery> }> {
  const { createServer } = await import('node:http');
  const deliveries: Delivery[] = [];
  const waiters: { topic: string; resolve: (d: Delivery) => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const delivery = { rawBody: Buffer.concat(chunks).toString('utf8'), headers: req.headers };
      deliveries.push(delivery);
      for (const w of waiters.splice(0)) {
        if (delivery.headers['x-shopify-topic'] === w.topic) w.resolve(delivery);
        else waiters.push(w);
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/webhooks/shopify`,
    deliveries,
    next: (topic) => {
      const seen = deliveries.find((d) => d.headers['x-shopify-topic'] === topic && !(d as { taken?: boolean }).taken);
      if (seen) { (seen as { taken?: boolean }).taken = true; return Promise.resolve(seen); }
      return new Promise((resolve) => waiters.push({ topic, resolve: (d) => { (d as { taken?: boolean }).taken = true; resolve(d); } }));
    },
  };
}
