import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createShipBobStandIn, type ShipBobStandIn, type ShipBobStandInOptions } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

export const TOKEN = 'shipbob-ucg-dev';
export const API_CHANNEL_ID = '372300';

export interface Running {
  standIn: ShipBobStandIn;
  url: string;
  /** Calls the API with the dev token (JSON in, JSON out). */
  api(path: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

export async function start(options: ShipBobStandInOptions = {}): Promise<Running> {
  const standIn = createShipBobStandIn({ rateLimit: { limit: 100_000 }, ...options });
  const url = await standIn.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    standIn,
    url,
    async api(path, init = {}) {
      const res = await fetch(url + path, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${TOKEN}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        /* keep text */
      }
      return { status: res.status, headers: res.headers, body };
    },
    close: () => standIn.app.close(),
  };
}

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A plain HTTP receiver that records raw webhook deliveries. */
export async function receiver(): Promise<{ url: string; received: Received[]; waitFor(n: number, timeoutMs?: number): Promise<Received[]>; close(): Promise<void> }> {
  const received: Received[] = [];
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
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/shipbob`,
    received,
    async waitFor(n, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (received.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      if (received.length < n) throw new Error(`expected ${n} deliveries, got ${received.length}`);
      return received;
    },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** Independent Standard Webhooks check (the test must not trust the stand-in's own signer). */
export function signatureValid(secret: string, d: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${d.headers['webhook-id']}.${d.headers['webhook-timestamp']}.${d.body}`).digest('base64');
  return String(d.headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

export const newOrderBody = (reference: string, sku = 'NW100001-OCH-XL', quantity = 1) => ({
  reference_id: reference,
  order_number: reference,
  type: 'DTC',
  shipping_method: 'Standard',
  recipient: { name: 'Ava Chen', email: 'ava.chen@example.com', address: { address1: '1 Commerce Way', city: 'Chicago', state: 'IL', zip_code: '60601', country: 'US' } },
  products: [{ reference_id: sku, name: 'Test item', quantity, unit_price: 19.99 }],
});
