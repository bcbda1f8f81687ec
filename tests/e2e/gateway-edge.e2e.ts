import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, devPartnerKey, loadConfig, mintDevToken, type Gateway } from '@ucg/gateway';
import { RetailerIndex, demoCustomerEmail, generateRetailer } from '@ucg/legacy-seed';
import { createLogger } from '@ucg/service-kit';
import { gql, startTestStack, type TestStack } from '../src/index.ts';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const codes = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.map((e) => e.extensions?.code) ?? [];

async function send(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] } };
}

/** The gateway's edge on the real stack: identity, authorization, persisted operations, APQ across processes. */
describe('gateway edge: identity, authorization, persisted operations', () => {
  let stack: TestStack;
  let second: Gateway;
  let secondUrl: string;
  const retailer = generateRetailer();
  const index = new RetailerIndex(retailer);
  const product = retailer.products.find((p) => p.inWebStore && index.variantsByProduct.get(p.id)!.length >= 1)!;
  const partnerManifest = JSON.parse(readFileSync(new URL('../../schema/manifests/partner.json', import.meta.url), 'utf8')) as { operations: { id: string; name: string }[] };

  beforeAll(async () => {
    stack = await startTestStack();
    // A second gateway process-alike sharing the stack's Redis (and key prefix): what a second replica sees.
    second = await createGateway(loadConfig({ ...process.env, ...stack.env, NODE_ENV: 'test' }), createLogger('gateway-2', { level: 'silent' }));
    secondUrl = `${await second.http.listen(0)}/graphql`;
  }, 180_000);
  afterAll(async () => {
    await second?.http.close();
    await stack?.stop();
  });

  it('answers anonymous `me` with UNAUTHENTICATED at its path and still serves the product', async () => {
    const res = await gql<{ me: unknown; product: { title: string } }>(stack.gatewayUrl, 'query Q($h: String!) { me { email } product(handle: $h) { title } }', { h: product.handle });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ me: null, product: { title: product.title.en } });
    expect(res.body.errors).toEqual([expect.objectContaining({ path: ['me'], extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
  });

  it('shows a customer only their own record (the token names them; the subgraph looks them up)', async () => {
    const token = await mintDevToken({ email: demoCustomerEmail });
    const res = await gql<{ me: { email: string } }>(stack.gatewayUrl, '{ me { email } }', {}, { authorization: `Bearer ${token}` });
    expect(res.body).toEqual({ data: { me: { email: demoCustomerEmail } } });
  });

  it('refuses a partner\'s free-form operation, and passes its manifest operations by id to the schema', async () => {
    const freeForm = await send(stack.gatewayUrl, { query: `{ product(handle: "${product.handle}") { title } }` }, { 'x-api-key': devPartnerKey });
    expect(freeForm.status).toBe(400);
    expect(codes(freeForm.body)).toEqual(['PERSISTED_QUERY_NOT_ALLOWED']);
    const feed = partnerManifest.operations.find((o) => o.name === 'PartnerStockFeed')!;
    const persisted = await send(stack.gatewayUrl, { extensions: { persistedQuery: { version: 1, sha256Hash: feed.id } }, variables: { skus: [] } }, { 'x-api-key': devPartnerKey });
    // Past the safelist: what happens next is up to the schema (PartnerStockFeed is pending until partner prices land).
    expect(codes(persisted.body)).not.toContain('PERSISTED_QUERY_NOT_ALLOWED');
    expect(codes(persisted.body)).not.toContain('PERSISTED_QUERY_NOT_FOUND');
    const unknownKey = await send(stack.gatewayUrl, { query: '{ __typename }' }, { 'x-api-key': 'ucg-partner-guess' });
    expect([unknownKey.status, codes(unknownKey.body)]).toEqual([401, ['UNAUTHENTICATED']]);
  });

  it('keeps Automatic Persisted Queries in Redis: registered on one gateway, found by the other', async () => {
    const query = `query Apq { product(handle: "${product.handle}") { title handle } }`;
    const hash = sha256(query);
    const miss = await send(secondUrl, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(codes(miss.body)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const registered = await send(stack.gatewayUrl, { query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(registered.body.data).toEqual({ product: { title: product.title.en, handle: product.handle } });
    let hit = miss;
    for (let i = 0; i < 20 && hit.body.errors; i++) {
      await new Promise((r) => setTimeout(r, 50));
      hit = await send(secondUrl, { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    }
    expect(hit.body).toEqual(registered.body);
  });

  it('is ready (supergraph, Redis, warmed plans) and exports metrics', async () => {
    const ready = await fetch(`${stack.urls.gateway}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { supergraph: true, redis: true, warmed: true } });
    const metrics = await (await fetch(`${stack.urls.gateway}/metrics`)).text();
    expect(metrics).toMatch(/ucg_gateway_requests_total\{operation="Apq",client="anonymous",status="200"\} 1/);
    expect(metrics).toMatch(/ucg_gateway_subgraph_fetch_duration_seconds_count\{subgraph="catalog"\}/);
  });
});
