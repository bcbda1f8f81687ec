import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../src/index.ts';

describe('authorize hook', () => {
  let server: Server;
  let url: string;
  const seen: { url: string; auth: string | undefined }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url!, auth: req.headers['x-signed'] as string | undefined });
      if (seen.length === 1) res.writeHead(503).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('signs every attempt afresh, adding query parameters and headers', async () => {
    let n = 0;
    const client = createHttpClient({
      system: 'marketplace',
      baseUrl: url,
      baseDelayMs: 1,
      authorize: ({ method, url: target, headers }) => {
        n++;
        target.searchParams.set('sig', `${method}-${n}`);
        headers['x-signed'] = String(n);
      },
    });
    await client.request({ path: '/orders', query: { page: 2 } });
    expect(seen).toEqual([{ url: '/orders?page=2&sig=GET-1', auth: '1' }, { url: '/orders?page=2&sig=GET-2', auth: '2' }]);
    await client.close();
  });
});
