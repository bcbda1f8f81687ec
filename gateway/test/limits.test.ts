import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema, getOperationAST, Kind, parse, type FragmentDefinitionNode } from 'graphql';
import { MemoryStore, RedisStore } from '@ucg/store';
import { mintDevToken, devPartnerKey } from '../src/index.ts';
import { estimateCost } from '../src/plugins/limits/index.ts';
import { tokenBucket } from '../src/plugins/rate-limit/index.ts';
import { SupergraphPolicies } from '../src/supergraph/policies.ts';
import { codes, composeFixture, partnerOperations, post, sha256, startFixtureSubgraphs, startTestGateway, testPrefix, type TestGateway } from './harness.ts';

describe('cost estimate (demand control)', () => {
  const policies = new SupergraphPolicies(composeFixture({ catalog: 'http://c', customers: 'http://u' }));
  const schema = buildSchema(`
    type Query { products(first: Int = 5): [Product!]!  byIds(ids: [ID!]!): [Product!]!  product(id: ID!): Product }
    type Product { id: ID! name: String! related: [Product!]! }
  `);
  const cost = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
    return estimateCost(schema, policies, getOperationAST(document)!, fragments, variables, { defaultListSize: 10, mutationCost: 10 });
  };

  it('counts objects as 1 and leaves as 0', () => {
    expect(cost('{ product(id: "1") { id name } }')).toEqual({ cost: 1, reusable: true });
  });

  it('multiplies lists by @listSize slicing arguments, from literals, variables or the schema default', () => {
    expect(cost('{ products(first: 3) { id } }').cost).toBe(3);
    expect(cost('{ products { id } }').cost).toBe(5);
    expect(cost('query Q($n: Int) { products(first: $n) { id } }', { n: 40 })).toEqual({ cost: 40, reusable: false });
  });

  it('applies @cost weights and sizes key lookups by the keys given', () => {
    // related is @cost(weight: 5) and a list of the default size 10, inside 2 products.
    expect(cost('{ products(first: 2) { related { id } } }').cost).toBe(2 * (1 + 10 * 5));
    expect(cost('{ byIds(ids: ["a", "b", "c", "d"]) { id } }').cost).toBe(4);
  });

  it('follows fragments', () => {
    expect(cost('{ products(first: 2) { ...F } } fragment F on Product { related { id } }').cost).toBe(cost('{ products(first: 2) { related { id } } }').cost);
  });
});

describe('token bucket script: the Lua and JavaScript twins agree', () => {
  for (const [name, make] of [
    ['in-process', () => new MemoryStore()],
    ['redis', () => new RedisStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: testPrefix() })],
  ] as const) {
    it(`${name}: takes a burst, refuses the next with a wait, refills over time`, async () => {
      const store = make();
      try {
        const key = ['ratelimit:{test:1}'];
        const results = [];
        for (let i = 0; i < 4; i++) results.push(await store.run(tokenBucket, key, [3, 10, 1]));
        expect(results.map((r) => r[0])).toEqual([1, 1, 1, 0]);
        expect(results[3]![2]).toBeGreaterThan(0);
        expect(results[3]![2]).toBeLessThanOrEqual(100);
        await new Promise((r) => setTimeout(r, 150));
        expect((await store.run(tokenBucket, key, [3, 10, 1]))[0]).toBe(1);
        expect(await store.pttl(key[0]!)).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    });
  }
});

describe('limits through the gateway', () => {
  let subgraphs: Awaited<ReturnType<typeof startFixtureSubgraphs>>;
  let gw: TestGateway;

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    gw = await startTestGateway(subgraphs, {
      MAX_DEPTH: '6',
      MAX_ALIASES: '5',
      MAX_DIRECTIVES: '4',
      MAX_TOKENS: '400',
      MAX_COST_ANONYMOUS: '100',
      MAX_COST_PARTNER: '1000',
      RATE_LIMIT_ANONYMOUS_BURST: '1000',
      RATE_LIMIT_PARTNER_BURST: '3',
      RATE_LIMIT_PARTNER_PER_S: '0.5',
    });
  });
  afterAll(async () => {
    await gw?.stop();
    await subgraphs?.stop();
  });

  it('refuses an operation nested deeper than the limit with LIMIT_DEPTH (400)', async () => {
    const staff = { authorization: `Bearer ${await mintDevToken({ scope: 'ops:read', sub: 'ops-1' })}` };
    const ok = await post(gw.url, { query: '{ product(id: "p1") { related { related { related { id } } } } }' }, staff);
    expect(ok.body.errors).toBeUndefined();
    const deep = await post(gw.url, { query: '{ product(id: "p1") { related { related { related { related { related { related { id } } } } } } } }' }, staff);
    expect(deep.status).toBe(400);
    expect(codes(deep)).toContain('LIMIT_DEPTH');
  });

  it('refuses too many aliases, directives and tokens, each with its own code', async () => {
    const aliases = await post(gw.url, { query: `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: product(id: "p1") { id }`).join(' ')} }` });
    expect([aliases.status, codes(aliases)]).toEqual([400, ['LIMIT_ALIASES']]);
    const directives = await post(gw.url, { query: `{ product(id: "p1") { id ${'@include(if: true) '.repeat(5)} } }` });
    expect(directives.status).toBe(400);
    expect(codes(directives)).toContain('LIMIT_DIRECTIVES');
    const tokens = await post(gw.url, { query: `{ product(id: "p1") { ${'id '.repeat(500)} } }` });
    expect([tokens.status, codes(tokens)]).toEqual([400, ['LIMIT_TOKENS']]);
  });

  it('refuses an operation that costs more than the caller kind may spend, with the cost', async () => {
    const cheap = await post(gw.url, { query: '{ products(first: 20) { id } }' });
    expect(cheap.body.errors).toBeUndefined();
    const dear = await post(gw.url, { query: '{ products(first: 20) { related { id } } }' });
    expect(dear.status).toBe(400);
    expect(dear.body.errors![0]!.extensions).toMatchObject({ code: 'LIMIT_COST', cost: 20 * (1 + 10 * 5), maxCost: 100 });
    // Cost from variables is estimated per request, not taken from the cache.
    const viaVariables = await post(gw.url, { query: 'query P($n: Int) { products(first: $n) { id } }', variables: { n: 150 } });
    expect(codes(viaVariables)).toEqual(['LIMIT_COST']);
    const smallVariables = await post(gw.url, { query: 'query P($n: Int) { products(first: $n) { id } }', variables: { n: 2 } });
    expect(smallVariables.body.errors).toBeUndefined();
  });

  it('rate-limits per caller with 429 and Retry-After, and other callers are unaffected', async () => {
    const headers = { 'x-api-key': devPartnerKey };
    const body = { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(partnerOperations.PartnerProduct) } }, variables: { id: 'p1' } };
    const replies = [];
    for (let i = 0; i < 4; i++) replies.push(await post(gw.url, body, headers));
    expect(replies.slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    expect(replies[3]!.status).toBe(429);
    expect(codes(replies[3]!)).toEqual(['LIMIT_RATE']);
    expect(Number(replies[3]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const customer = await post(gw.url, { query: '{ me { email } }' }, { authorization: `Bearer ${await mintDevToken({ email: 'ava.chen@example.com' })}` });
    expect(customer.status).toBe(200);
  });
});
