import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WooClient, nextPageFromLink, resolveWooConfig } from '../src/index.ts';

describe('list walking', () => {
  let server: Server;
  let url: string;
  const pagesAsked: number[] = [];

  beforeAll(async () => {
    // A host whose proxy drops the Link header: only X-WP-TotalPages says how far to go.
    server = createServer((req, res) => {
      const page = Number(new URL(req.url!, 'http://x').searchParams.get('page'));
      pagesAsked.push(page);
      res.writeHead(200, { 'content-type': 'application/json', 'x-wp-total': '5', 'x-wp-totalpages': '3' }).end(JSON.stringify(page < 3 ? [{ id: page * 2 - 1 }, { id: page * 2 }] : [{ id: 5 }]));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('falls back to X-WP-TotalPages when there is no Link header', async () => {
    const client = new WooClient(resolveWooConfig({ baseUrl: url, consumerKey: 'ck', consumerSecret: 'cs', perPage: 2 }));
    expect((await client.all<{ id: number }>('orders')).map((o) => o.id)).toEqual([1, 2, 3, 4, 5]);
    expect(pagesAsked).toEqual([1, 2, 3]);
    await client.close();
  });

  it('reads rel="next" from one or several Link headers', () => {
    expect(nextPageFromLink('<http://s/wp-json/wc/v3/orders?page=1>; rel="prev", <http://s/wp-json/wc/v3/orders?per_page=5&page=3>; rel="next"')).toBe(3);
    expect(nextPageFromLink(['<http://s/x?page=1>; rel="prev"', '<http://s/x?oauth_signature=a+b/c=&page=4>; rel="next"'])).toBe(4);
    expect(nextPageFromLink('<http://s/x?page=1>; rel="prev"')).toBeUndefined();
  });
});
