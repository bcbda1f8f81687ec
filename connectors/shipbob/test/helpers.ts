import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createShipBobStandIn, type ShipBobStandIn, type ShipBobStandInOptions } from '@ucg/legacy-shipbob';
import { ShipBobConnector, type ShipBobConfig } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

export const TOKEN = 'shipbob-ucg-dev';

export interface Harness {
  standIn: ShipBobStandIn;
  url: string;
  connector(config?: Partial<ShipBobConfig>): ShipBobConnector;
  /** POST to a sandbox control. */
  sandbox(path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Calls counted by the stand-in, per endpoint pattern. */
  calls(): Promise<{ total: number; byEndpoint: Record<string, number> }>;
  close(): Promise<void>;
}

/** The stand-in on port 0 (rate limit out of the way unless a test sets one) and connectors pointed at it. */
export async function harness(options: ShipBobStandInOptions = {}): Promise<Harness> {
  const standIn = createShipBobStandIn({ rateLimit: { limit: 100_000 }, ...options });
  const url = await standIn.app.listen({ port: 0, host: '127.0.0.1' });
  const connectors: ShipBobConnector[] = [];
  return {
    standIn,
    url,
    connector(config = {}) {
      // No start-up prefetch unless a test asks: tests count the calls ShipBob receives.
      const c = new ShipBobConnector({ baseUrl: url, token: TOKEN, prefetchSkuIndex: false, ...config } as ShipBobConfig);
      connectors.push(c);
      return c;
    },
    async sandbox(path, body = {}) {
      const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    },
    async calls() {
      return (await fetch(`${url}/__sandbox/calls`)).json() as Promise<{ total: number; byEndpoint: Record<string, number> }>;
    },
    async close() {
      await Promise.all(connectors.map((c) => c.close()));
      await standIn.app.close();
    },
  };
}

export interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** Receives webhooks the way the graph's receiver will: raw body and headers, answered 204. */
export async function webhookReceiver() {
  const received: Delivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/shipbob`,
    received,
    /** The first delivery for `topic` (whose raw body contains `containing`, if given), waiting for it. */
    async next(topic: string, containing = '', timeoutMs = 5000): Promise<Delivery> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const i = received.findIndex((d) => d.headers['x-webhook-topic'] === topic && d.body.includes(containing));
        if (i >= 0) return received.splice(i, 1)[0]!;
        if (Date.now() > until) throw new Error(`no ${topic} delivery within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
