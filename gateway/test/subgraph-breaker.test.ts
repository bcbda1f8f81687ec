import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../src/index.ts';
import { codes, post, startFixtureSubgraphs, startTestGateway, type Reply, type TestGateway } from './harness.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('subgraph circuit breaker', () => {
  let subgraphs: Awaited<ReturnType<typeof startFixtureSubgraphs>>;
  let gw: TestGateway;
  let release: () => void = () => {};

  /** Makes the catalog hang until `release()` (or the end of the test). */
  const hang = () => (subgraphs.catalog.hold = new Promise<void>((resolve) => (release = resolve)));
  const metricsText = async () => (await fetch(`${gw.base}/metrics`)).text();
  const circuit = async (subgraph: string) => {
    const match = new RegExp(`ucg_gateway_subgraph_circuit_state\\{subgraph="${subgraph}"\\} (\\d+)`).exec(await metricsText());
    return match ? Number(match[1]) : undefined;
  };
  const products = () => post(gw.url, { query: '{ products(first: 1) { id } }' });
  const reasons = (reply: Reply) => reply.body.errors?.map((e) => e.extensions?.reason) ?? [];

  /** Fails `n` catalog fetches with the current fault, each as SUBGRAPH_UNAVAILABLE or SUBGRAPH_TIMEOUT. */
  const failCatalog = async (n: number) => {
    for (let i = 0; i < n; i++) expect(codes(await products())).toEqual([expect.stringMatching(/^SUBGRAPH_(UNAVAILABLE|TIMEOUT)$/)]);
  };
  const waitForHalfOpen = () => sleep(650);

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    gw = await startTestGateway(subgraphs, { RATE_LIMIT_ENABLED: 'false', CATALOG_TIMEOUT_MS: '500', SUBGRAPH_BREAKER_THRESHOLD: '3', SUBGRAPH_BREAKER_HALF_OPEN_MS: '600' });
  });
  afterEach(async () => {
    // Back to a healthy catalog and a closed circuit for the next test.
    release();
    subgraphs.catalog.hold = undefined;
    subgraphs.catalog.fault = undefined;
    if ((await circuit('catalog')) !== 0) {
      await waitForHalfOpen();
      await products();
    }
    expect(await circuit('catalog')).toBe(0);
  });
  afterAll(async () => {
    release();
    await gw?.stop();
    await subgraphs?.stop();
  });

  it('opens after N timeouts in a row; then requests fail fast without reaching the subgraph, and the other subgraph still answers', async () => {
    expect(codes(await products())).toEqual([]);
    expect(await circuit('catalog')).toBe(0);
    hang();
    const hits = subgraphs.catalog.hits;
    await failCatalog(3);
    expect(subgraphs.catalog.hits).toBe(hits + 3);
    expect(await circuit('catalog')).toBe(2);

    const token = await mintDevToken({ email: 'ava.chen@example.com' });
    const started = performance.now();
    const refused = await post(gw.url, { query: '{ product(id: "p1") { id } me { email } }' }, { authorization: `Bearer ${token}` });
    // Well within the 500 ms timeout the first three waited for.
    expect(performance.now() - started).toBeLessThan(250);
    expect(codes(refused)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(reasons(refused)).toEqual(['SUBGRAPH_CIRCUIT_OPEN']);
    expect(refused.body.errors![0]!.message).toBe('subgraph "catalog" is unavailable: it failed repeatedly and is not called for now');
    // customers has a circuit of its own, still closed.
    expect(refused.body.data).toEqual({ product: null, me: { email: 'ava.chen@example.com' } });
    expect(subgraphs.catalog.hits).toBe(hits + 3);
    expect(await circuit('customers')).toBe(0);
  });

  it('counts dropped connections and HTTP 5xx; recovers through half-open, where one trial goes through and the rest still fail fast', async () => {
    subgraphs.catalog.fault = 'reset';
    await failCatalog(2);
    subgraphs.catalog.fault = 'error';
    await failCatalog(1);
    expect(await circuit('catalog')).toBe(2);

    // The trial fails: open again, for another period.
    await waitForHalfOpen();
    let hits = subgraphs.catalog.hits;
    await failCatalog(1);
    expect(subgraphs.catalog.hits).toBe(hits + 1);
    expect(await circuit('catalog')).toBe(2);
    await failCatalog(1);
    expect(subgraphs.catalog.hits).toBe(hits + 1);

    // The subgraph is back; the trial is held in flight to see the half-open state.
    subgraphs.catalog.fault = undefined;
    hang();
    await waitForHalfOpen();
    hits = subgraphs.catalog.hits;
    const trial = products();
    await sleep(50);
    expect(await circuit('catalog')).toBe(1);
    // Another query (an identical one would share the trial's fetch).
    const meanwhile = await post(gw.url, { query: '{ product(id: "p1") { id } }' });
    expect(reasons(meanwhile)).toEqual(['SUBGRAPH_CIRCUIT_OPEN']);
    release();
    expect((await trial).body).toEqual({ data: { products: [{ id: 'p0' }] } });
    expect(subgraphs.catalog.hits).toBe(hits + 1);
    expect(await circuit('catalog')).toBe(0);
    expect((await products()).body.data).toEqual({ products: [{ id: 'p0' }] });

    const text = await metricsText();
    expect(text).toMatch(/ucg_gateway_subgraph_circuit_transitions_total\{subgraph="catalog",state="open"\} [2-9]/);
    expect(text).toMatch(/ucg_gateway_subgraph_circuit_transitions_total\{subgraph="catalog",state="half-open"\} [2-9]/);
    expect(text).toMatch(/ucg_gateway_subgraph_circuit_transitions_total\{subgraph="catalog",state="closed"\} [1-9]/);
  });

  it('counts identical queries sharing one failed fetch as one failure', async () => {
    hang();
    const hits = subgraphs.catalog.hits;
    // Two rounds of five identical queries in flight together: 2 fetches, 10 requests, 2 failures.
    for (let round = 0; round < 2; round++) {
      const replies = await Promise.all(Array.from({ length: 5 }, products));
      expect(replies.map(codes)).toEqual(Array(5).fill(['SUBGRAPH_TIMEOUT']));
    }
    expect(subgraphs.catalog.hits).toBe(hits + 2);
    expect(await circuit('catalog')).toBe(0);
    await failCatalog(1);
    expect(await circuit('catalog')).toBe(2);
  });

  it('keeps serving cached answers while the circuit is open, never caches the failures, and caches again once it closes', async () => {
    const get = (query: string) => fetch(`${gw.url}?query=${encodeURIComponent(query)}`, { headers: { 'apollo-require-preflight': 'true' } });
    const answer = async (res: Response) => [res.headers.get('x-ucg-cache'), await res.json()];
    expect(await answer(await get('{ featured }'))).toEqual(['MISS', { data: { featured: 'p1' } }]);
    subgraphs.catalog.fault = 'reset';
    await failCatalog(3);
    expect(await circuit('catalog')).toBe(2);
    expect(await answer(await get('{ featured }'))).toEqual(['HIT', { data: { featured: 'p1' } }]);
    // Past the cache's TTL (1 s) the stale answer is served while refreshing it fails fast.
    await sleep(1050);
    expect(await answer(await get('{ featured }'))).toEqual(['STALE', { data: { featured: 'p1' } }]);

    // An operation not cached yet gets the failure, which is not kept...
    const failed = await get('{ again: featured }');
    expect(failed.headers.get('x-ucg-cache')).toBe('MISS');
    expect(codes({ status: failed.status, headers: failed.headers, body: (await failed.json()) as Reply['body'] })).toEqual(['SUBGRAPH_UNAVAILABLE']);

    subgraphs.catalog.fault = undefined;
    await waitForHalfOpen();
    expect(codes(await products())).toEqual([]);
    expect(await circuit('catalog')).toBe(0);
    // ...nor does it mark the operation as one never to cache: it is cached as soon as the subgraph answers.
    expect(await answer(await get('{ again: featured }'))).toEqual(['MISS', { data: { again: 'p1' } }]);
    expect(await answer(await get('{ again: featured }'))).toEqual(['HIT', { data: { again: 'p1' } }]);
  });
});
