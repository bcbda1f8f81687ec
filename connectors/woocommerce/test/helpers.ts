import type { AddressInfo } from 'node:net';
import { createWooStandIn, type WooStandIn, type WooStandInOptions } from '@ucg/legacy-woocommerce';
import { WooCommerceConnector, type WooConfig } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

export interface Harness {
  woo: WooStandIn;
  url: string;
  /** Arrival time and URL of every vendor call, as the stand-in saw them. */
  arrivals: { at: number; method: string; url: string }[];
  connector(config?: Partial<WooConfig>): WooCommerceConnector;
  sandbox(path: string, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** The WooCommerce stand-in on a free port (a tenth of the retailer) and connectors pointed at it. */
export async function startHarness(options: WooStandInOptions = {}): Promise<Harness> {
  const arrivals: Harness['arrivals'] = [];
  const woo = createWooStandIn({ seed: { scale: 0.1 }, onVendorRequest: (r) => arrivals.push(r), ...options });
  await woo.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(woo.app.server.address() as AddressInfo).port}`;
  const made: WooCommerceConnector[] = [];
  return {
    woo,
    url,
    arrivals,
    connector(config = {}) {
      const c = new WooCommerceConnector({ baseUrl: url, consumerKey: 'ck_ucg_dev', consumerSecret: 'cs_ucg_dev', baseDelayMs: 5, ...config });
      made.push(c);
      return c;
    },
    sandbox: (path, body) => fetch(`${url}/__sandbox/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    async close() {
      await Promise.all(made.map((c) => c.close()));
      await woo.app.close();
    },
  };
}
