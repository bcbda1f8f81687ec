import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devPartnerKey } from '../src/index.ts';
import { codes, partnerOperations, post, sha256, startFixtureSubgraphs, startTestGateway, storefrontOperations, testPrefix, type TestGateway } from './harness.ts';

const pq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe('persisted operations', () => {
  let subgraphs: Awaited<ReturnType<typeof startFixtureSubgraphs>>;
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    const prefix = testPrefix();
    // Two gateways sharing one Redis prefix: what two production processes share.
    [a, b] = await Promise.all([startTestGateway(subgraphs, { RATE_LIMIT_ENABLED: 'false' }, { prefix }), startTestGateway(subgraphs, { RATE_LIMIT_ENABLED: 'false' }, { prefix })]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await subgraphs?.stop();
  });

  describe('partners (safelisted)', () => {
    const partner = { 'x-api-key': devPartnerKey };

    it('refuse a free-form operation with PERSISTED_QUERY_NOT_ALLOWED, even a harmless one', async () => {
      const reply = await post(a.url, { query: '{ product(id: "p1") { name } }' }, partner);
      expect(reply.status).toBe(400);
      expect(codes(reply)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    });

    it('refuse an id that is not in their manifest (another client\'s included)', async () => {
      const unknown = await post(a.url, { extensions: pq('0'.repeat(64)) }, partner);
      expect(unknown.status).toBe(400);
      expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      const storefrontOp = await post(a.url, { extensions: pq(sha256(storefrontOperations.Products)) }, partner);
      expect(codes(storefrontOp)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });

    it('refuse a query text that differs from the persisted one under its id', async () => {
      const reply = await post(a.url, { query: '{ product(id: "p1") { name partnerPrice } }', extensions: pq(sha256(partnerOperations.PartnerProduct)) }, partner);
      expect(codes(reply)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    });

    it('run a manifest operation by id, with variables, by POST and by GET', async () => {
      const id = sha256(partnerOperations.PartnerProduct);
      const posted = await post(a.url, { extensions: pq(id), variables: { id: 'p4' }, operationName: 'PartnerProduct' }, partner);
      expect(posted.body).toEqual({ data: { product: { id: 'p4', name: 'Product 4', partnerPrice: 'B2B-p4' } } });
      const search = new URLSearchParams({ extensions: JSON.stringify(pq(id)), variables: JSON.stringify({ id: 'p5' }) });
      const got = await fetch(`${a.url}?${search}`, { headers: { ...partner, accept: 'application/json' } });
      expect(await got.json()).toEqual({ data: { product: { id: 'p5', name: 'Product 5', partnerPrice: 'B2B-p5' } } });
    });
  });

  describe('other clients (Automatic Persisted Queries in Redis)', () => {
    it('register a query on one gateway process and run it by hash on another', async () => {
      const query = `{ products(first: 2) { id } product(id: "p${Date.now() % 10}") { name } }`;
      const hash = sha256(query);
      const miss = await post(b.url, { extensions: pq(hash) });
      expect(miss.status).toBe(200);
      expect(codes(miss)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      const registered = await post(a.url, { query, extensions: pq(hash) });
      expect(registered.body.errors).toBeUndefined();
      let hit;
      for (let i = 0; i < 20; i++) {
        hit = await post(b.url, { extensions: pq(hash) });
        if (!hit.body.errors) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(hit!.body).toEqual(registered.body);
    });

    it('run a hashed query by GET (cacheable)', async () => {
      const query = '{ products(first: 1) { name } }';
      await post(a.url, { query, extensions: pq(sha256(query)) });
      const search = new URLSearchParams({ extensions: JSON.stringify(pq(sha256(query))) });
      const got = await fetch(`${b.url}?${search}`, { headers: { accept: 'application/json' } });
      expect(got.status).toBe(200);
      expect(await got.json()).toEqual({ data: { products: [{ name: 'Product 0' }] } });
    });

    it('refuse a hash that does not match the query text', async () => {
      const reply = await post(a.url, { query: '{ products { id } }', extensions: pq('f'.repeat(64)) });
      expect(reply.status).toBe(400);
    });

    it('may use manifest ids without registering them first', async () => {
      const reply = await post(b.url, { extensions: pq(sha256(storefrontOperations.Products)) });
      expect(reply.body).toEqual({ data: { products: [{ id: 'p0', name: 'Product 0' }, { id: 'p1', name: 'Product 1' }, { id: 'p2', name: 'Product 2' }] } });
    });

    it('count APQ hits and misses for the hit ratio', async () => {
      const text = await (await fetch(`${b.base}/metrics`)).text();
      expect(text).toMatch(/ucg_gateway_persisted_query_lookups_total\{result="hit"\} [1-9]/);
      expect(text).toMatch(/ucg_gateway_persisted_query_lookups_total\{result="miss"\} [1-9]/);
      expect(text).toMatch(/ucg_gateway_persisted_query_lookups_total\{result="manifest"\} [1-9]/);
    });
  });
});
