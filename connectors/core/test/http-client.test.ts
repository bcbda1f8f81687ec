import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, isConnectorError } from '../src/index.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;
const servers: Server[] = [];

async function serve(handler: Handler): Promise<{ url: string; hits: number[] }> {
  const hits: number[] = [];
  const server = createServer((req, res) => {
    hits.push(Date.now());
    handler(req, res, hits.length);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

describe('connector HTTP layer', () => {
  it('waits out Retry-After before sending anything else to that system', async () => {
    const { url, hits } = await serve((_req, res, n) => {
      if (n === 1) {
        res.writeHead(429, { 'retry-after': '1' }).end('{"message":"slow down"}');
      } else res.writeHead(200, { 'content-type': 'application/json' }).end(`{"n":${n}}`);
    });
    const client = createHttpClient({ system: 'crm', baseUrl: url, baseDelayMs: 1 });
    const first = client.json<{ n: number }>({ path: '/a' });
    // A second, unrelated request issued during the window (once the 429 is known) must also wait.
    while (client.gate.remaining() === 0) await new Promise((r) => setTimeout(r, 5));
    const second = client.json<{ n: number }>({ path: '/b' });
    await Promise.all([first, second]);
    expect(hits).toHaveLength(3);
    expect(hits[1]! - hits[0]!).toBeGreaterThanOrEqual(990);
    expect(hits[2]! - hits[0]!).toBeGreaterThanOrEqual(990);
    await client.close();
  });

  it('opens the breaker on a dead system and then fails fast without calling it', async () => {
    const { url, hits } = await serve((_req, res) => res.writeHead(503).end('down'));
    const client = createHttpClient({ system: 'erp', baseUrl: url, maxRetries: 0, breakerThreshold: 3, breakerHalfOpenAfterMs: 60_000 });
    for (let i = 0; i < 3; i++) await expect(client.request({ path: '/x' })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'erp' });
    const started = Date.now();
    const error = await client.request({ path: '/x' }).catch((e: unknown) => e);
    expect(isConnectorError(error) && error.circuitOpen).toBe(true);
    // Far below one timeout: it answered without waiting on the network (load on a 2-core CI box makes tighter bounds flaky).
    expect(Date.now() - started).toBeLessThan(1000);
    expect(hits).toHaveLength(3);
    await client.close();
  });

  it('times out a hung call and names the system', async () => {
    const { url } = await serve(() => {
      /* never answers */
    });
    const client = createHttpClient({ system: '3pl-us', baseUrl: url, timeoutMs: 100, maxRetries: 1, baseDelayMs: 1 });
    await expect(client.request({ path: '/slow' })).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT', system: '3pl-us' });
    await client.close();
  });

  it('does not resend a non-idempotent POST after a 500, but does after a refused connection', async () => {
    const { url, hits } = await serve((_req, res) => res.writeHead(500).end('boom'));
    const client = createHttpClient({ system: 'erp', baseUrl: url, baseDelayMs: 1 });
    await expect(client.request({ method: 'POST', path: '/orders', body: { a: 1 } })).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
    expect(hits).toHaveLength(1);
    await expect(client.request({ method: 'POST', path: '/orders', body: { a: 1 }, idempotent: true })).rejects.toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
    expect(hits).toHaveLength(5);
    await client.close();
  });

  it('retries transient failures and returns the eventual answer', async () => {
    const { url, hits } = await serve((_req, res, n) => {
      if (n < 3) res.destroy();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    const client = createHttpClient({ system: 'webstore', baseUrl: url, baseDelayMs: 1 });
    expect(await client.json({ path: '/p' })).toEqual({ ok: true });
    expect(hits).toHaveLength(3);
    await client.close();
  });

  it('lets a connector treat a 200 as a failure in disguise (and retry it)', async () => {
    const { url, hits } = await serve((_req, res, n) => res.writeHead(200).end(JSON.stringify(n === 1 ? { errors: [{ code: 'THROTTLED' }] } : { data: 1 })));
    const client = createHttpClient({ system: 'webstore', baseUrl: url, baseDelayMs: 1 });
    const { ConnectorError } = await import('../src/index.ts');
    const body = await client.json<{ data?: number }>({
      method: 'POST', path: '/graphql', body: {}, idempotent: true,
      validate: (r) => {
        if (r.json<{ errors?: unknown[] }>().errors) throw new ConnectorError('UPSTREAM_RATE_LIMITED', 'webstore', 'throttled', { retryable: true, retryAfterMs: 20 });
      },
    });
    expect(body).toEqual({ data: 1 });
    expect(hits).toHaveLength(2);
    await client.close();
  });
});
