import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema, getOperationAST, parse, print } from 'graphql';
import { mintDevToken, devPartnerKey } from '../src/index.ts';
import { filterOperation } from '../src/plugins/authorization/index.ts';
import { SupergraphPolicies } from '../src/supergraph/policies.ts';
import { codes, composeFixture, partnerOperations, post, sha256, startFixtureSubgraphs, startTestGateway, type TestGateway } from './harness.ts';

describe('authorization: filtering an operation (pure)', () => {
  const supergraph = composeFixture({ catalog: 'http://c', customers: 'http://u' });
  const policies = new SupergraphPolicies(supergraph);
  const schema = buildSchema(`
    type Query { me: Customer  opsReport: String  product(id: ID!): Product  products(first: Int): [Product!]! }
    type Customer { email: String! name: String }
    type Product { id: ID! name: String! partnerPrice: String auditNote: String! related: [Product!]! reviews: [String!]! }
  `);
  const run = (query: string, principal: { authenticated: boolean; scopes: string[] }) => {
    const document = parse(query);
    const result = filterOperation(schema, policies, document, getOperationAST(document)!, { authenticated: principal.authenticated, scopes: new Set(principal.scopes) });
    return { ...result, printed: result.document ? print(result.document) : null };
  };

  it('reads @authenticated and @requiresScopes from the supergraph\'s directives', () => {
    expect(policies.hasAccessRules).toBe(true);
    expect(policies.field('Query', 'me')).toMatchObject({ authenticated: true });
    expect(policies.field('Query', 'opsReport')!.scopes).toEqual([[['ops:read'], ['ops:admin']]]);
    expect(policies.field('Product', 'partnerPrice')!.scopes).toEqual([[['prices:b2b']]]);
    expect(policies.field('Query', 'products')!.listSize).toMatchObject({ slicingArguments: ['first'] });
    expect(policies.field('Product', 'related')!.cost).toBe(5);
  });

  it('leaves an operation alone when nothing in it is protected', () => {
    const r = run('{ product(id: "p1") { id name } }', { authenticated: false, scopes: [] });
    expect(r.changed).toBe(false);
    expect(r.denials).toEqual([]);
  });

  it('removes what an anonymous caller may not see and says where, keeping the rest', () => {
    const r = run('query Q($id: ID!) { me { email } product(id: $id) { id partnerPrice } }', { authenticated: false, scopes: [] });
    expect(r.denials).toEqual([
      { path: ['me'], code: 'UNAUTHENTICATED', element: 'Query.me' },
      { path: ['product', 'partnerPrice'], code: 'UNAUTHENTICATED', element: 'Product.partnerPrice' },
    ]);
    expect(r.printed).toBe('query Q($id: ID!) {\n  product(id: $id) {\n    id\n  }\n}');
    expect(r.nullPaths).toEqual([['me'], ['product', 'partnerPrice']]);
  });

  it('tells a signed-in caller without the scope FORBIDDEN, and honours any one scope alternative', () => {
    expect(run('{ opsReport }', { authenticated: true, scopes: ['orders:read'] }).denials.map((d) => d.code)).toEqual(['FORBIDDEN']);
    expect(run('{ opsReport }', { authenticated: true, scopes: ['ops:admin'] }).changed).toBe(false);
    expect(run('{ product(id: "1") { partnerPrice } }', { authenticated: true, scopes: ['prices:b2b'] }).changed).toBe(false);
  });

  it('marks list items with @, follows fragments, drops emptied parents and unused variables and fragments', () => {
    const r = run('query Q($n: Int) { products(first: $n) { ...P } me { email } } fragment P on Product { partnerPrice }', { authenticated: false, scopes: [] });
    expect(r.denials.map((d) => d.path)).toEqual([['products', '@', 'partnerPrice'], ['me']]);
    expect(r.document).toBeNull();
    const partial = run('query Q { products(first: 2) { id ... on Product { partnerPrice } } }', { authenticated: false, scopes: [] });
    expect(partial.printed).toBe('query Q {\n  products(first: 2) {\n    id\n  }\n}');
  });

  it('nulls the nearest nullable parent when a non-null field is denied', () => {
    const r = run('{ product(id: "1") { id auditNote } }', { authenticated: true, scopes: [] });
    expect(r.denials).toEqual([{ path: ['product', 'auditNote'], code: 'FORBIDDEN', element: 'Product.auditNote' }]);
    expect(r.nullPaths).toEqual([['product']]);
  });
});

describe('authorization through the gateway', () => {
  let subgraphs: Awaited<ReturnType<typeof startFixtureSubgraphs>>;
  let gw: TestGateway;

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    gw = await startTestGateway(subgraphs, { RATE_LIMIT_ENABLED: 'false' });
  });
  afterAll(async () => {
    await gw?.stop();
    await subgraphs?.stop();
  });

  it('answers anonymous `me` with UNAUTHENTICATED at its path, and still runs the rest', async () => {
    const before = subgraphs.customers.calls;
    const reply = await post(gw.url, { query: '{ me { email } product(id: "p1") { name } }' });
    expect(reply.status).toBe(200);
    expect(reply.body.data).toEqual({ me: null, product: { name: 'Product 1' } });
    expect(reply.body.errors).toEqual([expect.objectContaining({ path: ['me'], extensions: { code: 'UNAUTHENTICATED' } })]);
    // The customers subgraph was not even asked.
    expect(subgraphs.customers.calls).toBe(before);
  });

  it('answers without calling any subgraph when nothing is left to run', async () => {
    const reply = await post(gw.url, { query: '{ me { email } }' });
    expect(reply.body).toEqual({ data: { me: null }, errors: [expect.objectContaining({ path: ['me'], extensions: { code: 'UNAUTHENTICATED' } })] });
  });

  it('serves a signed-in customer the same query right after an anonymous one (plans are not shared)', async () => {
    const query = '{ me { email } product(id: "p2") { name } }';
    await post(gw.url, { query });
    const token = await mintDevToken({ email: 'ava.chen@example.com' });
    const reply = await post(gw.url, { query }, { authorization: `Bearer ${token}` });
    expect(reply.body).toEqual({ data: { me: { email: 'ava.chen@example.com' }, product: { name: 'Product 2' } } });
  });

  it('lets the partner read partnerPrice (it holds prices:b2b) but not a field needing ops:read', async () => {
    const ok = await post(gw.url, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(partnerOperations.PartnerProduct) } }, variables: { id: 'p3' } }, { 'x-api-key': devPartnerKey });
    expect(ok.body).toEqual({ data: { product: { id: 'p3', name: 'Product 3', partnerPrice: 'B2B-p3' } } });
    const denied = await post(gw.url, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(partnerOperations.PartnerAudit) } } }, { 'x-api-key': devPartnerKey });
    expect(denied.body.data).toEqual({ product: null });
    expect(denied.body.errors).toEqual([expect.objectContaining({ path: ['product', 'auditNote'], extensions: { code: 'FORBIDDEN' } })]);
  });

  it('enforces scopes for staff: FORBIDDEN without one of the alternatives, data with one', async () => {
    const without = await post(gw.url, { query: '{ opsReport }' }, { authorization: `Bearer ${await mintDevToken({ scope: 'inventory:read', sub: 'ops-1' })}` });
    expect(codes(without)).toEqual(['FORBIDDEN']);
    expect(without.body.data).toEqual({ opsReport: null });
    const withScope = await post(gw.url, { query: '{ opsReport }' }, { authorization: `Bearer ${await mintDevToken({ scope: 'ops:admin', sub: 'ops-1' })}` });
    expect(withScope.body).toEqual({ data: { opsReport: 'all good' } });
  });
});
