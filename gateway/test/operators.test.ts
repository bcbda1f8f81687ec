import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codes, composeFixture, catalogSdl, customersSdl, post, startFixtureSubgraphs, startTestGateway, type TestGateway } from './harness.ts';

describe('operator endpoints and hot reload', () => {
  let subgraphs: Awaited<ReturnType<typeof startFixtureSubgraphs>>;
  let gw: TestGateway;

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    gw = await startTestGateway(subgraphs, { RATE_LIMIT_ENABLED: 'false', SUPERGRAPH_WATCH: 'true' });
  });
  afterAll(async () => {
    await gw?.stop();
    await subgraphs?.stop();
  });

  it('answers /health and /ready (supergraph loaded, Redis answering, plans warmed)', async () => {
    expect(await (await fetch(`${gw.base}/health`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${gw.base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { supergraph: true, redis: true, warmed: true } });
  });

  it('exports Prometheus metrics: requests and latency by operation and client, errors by code, subgraph fetches', async () => {
    await post(gw.url, { query: 'query Products { products(first: 1) { id } }' });
    await post(gw.url, { query: '{ me { email } }' });
    await post(gw.url, { query: '{ broken }' });
    const res = await fetch(`${gw.base}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/ucg_gateway_requests_total\{operation="Products",client="anonymous",status="200"\} 1/);
    expect(text).toMatch(/ucg_gateway_request_duration_seconds_count\{operation="Products",client="anonymous"\} 1/);
    expect(text).toMatch(/ucg_gateway_errors_total\{code="UNAUTHENTICATED"\} [1-9]/);
    expect(text).toMatch(/ucg_gateway_subgraph_fetch_duration_seconds_count\{subgraph="catalog"\} [1-9]/);
    expect(text).toMatch(/ucg_gateway_process_cpu_seconds_total/);
  });

  it('reloads the supergraph when its file changes, and keeps the old one when the new one is broken', async () => {
    const before = await post(gw.url, { query: '{ product(id: "p1") { id reviews } }' });
    expect(before.body.data).toEqual({ product: { id: 'p1', reviews: ['great p1'] } });
    // Remove Product.reviews from the customers subgraph and recompose.
    const without = composeFixture({ catalog: subgraphs.catalog.url, customers: subgraphs.customers.url }, { catalog: catalogSdl, customers: customersSdl.replace('reviews: [String!]!', '') });
    writeFileSync(gw.supergraphPath, without);
    let after;
    for (let i = 0; i < 50; i++) {
      after = await post(gw.url, { query: '{ product(id: "p1") { id reviews } }' });
      if (codes(after).includes('GRAPHQL_VALIDATION_FAILED')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(codes(after!)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    writeFileSync(gw.supergraphPath, 'this is not a supergraph');
    await new Promise((r) => setTimeout(r, 400));
    expect((await post(gw.url, { query: '{ product(id: "p1") { name } }' })).body.data).toEqual({ product: { name: 'Product 1' } });
    expect((await fetch(`${gw.base}/ready`)).status).toBe(200);
    const metrics = await (await fetch(`${gw.base}/metrics`)).text();
    expect(metrics).toMatch(/ucg_gateway_supergraph_loads_total\{outcome="updated"\} 1/);
  });
});

describe('production mode', () => {
  let subgraphs: Awaited<ReturnType<typeof startFixtureSubgraphs>>;
  let gw: TestGateway;

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    gw = await startTestGateway(subgraphs, { RATE_LIMIT_ENABLED: 'false', NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await gw?.stop();
    await subgraphs?.stop();
  });

  it('refuses introspection', async () => {
    const reply = await post(gw.url, { query: '{ __schema { types { name } } }' });
    expect(reply.status).toBe(400);
    expect(codes(reply)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('shows no landing page', async () => {
    const res = await fetch(gw.url, { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type') ?? '').not.toMatch(/html/);
  });

  it('blocks requests a browser could send cross-site (CSRF prevention)', async () => {
    const res = await fetch(`${gw.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(400);
    const ok = await fetch(`${gw.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(ok.status).toBe(200);
  });

  it('sends no stack traces, no field suggestions and no upstream details', async () => {
    const unknown = await post(gw.url, { query: '{ product(id: "p1") { nam } }' });
    expect(JSON.stringify(unknown.body)).not.toMatch(/stacktrace|Did you mean/);
    const broken = await post(gw.url, { query: '{ broken }' });
    expect(JSON.stringify(broken.body)).not.toMatch(/stacktrace|\.ts:/);
  });
});
