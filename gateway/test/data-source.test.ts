import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../src/index.ts';
import { codes, post, startFixtureSubgraphs, startTestGateway, type TestGateway } from './harness.ts';

describe('subgraph calls', () => {
  let subgraphs: Awaited<ReturnType<typeof startFixtureSubgraphs>>;
  let gw: TestGateway;

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    gw = await startTestGateway(subgraphs, { RATE_LIMIT_ENABLED: 'false', CATALOG_TIMEOUT_MS: '300', PROPAGATE_HEADERS: 'accept-language,x-test-break' });
  });
  afterAll(async () => {
    await gw?.stop();
    await subgraphs?.stop();
  });

  it('passes the request id and only allowlisted client headers down', async () => {
    const token = await mintDevToken({ email: 'ava.chen@example.com' });
    const reply = await post(gw.url, { query: '{ me { email } }' }, { 'x-request-id': 'req-abc-123', 'accept-language': 'de-DE', cookie: 'session=secret', authorization: `Bearer ${token}` });
    expect(reply.headers.get('x-request-id')).toBe('req-abc-123');
    const seen = subgraphs.customers.last;
    expect(seen.headers!['x-request-id']).toBe('req-abc-123');
    expect(seen.headers!['accept-language']).toBe('de-DE');
    expect(seen.headers!.cookie).toBeUndefined();
    expect(seen.headers!.authorization).toBeUndefined();
    expect(seen.context).toMatchObject({ requestId: 'req-abc-123', customer: { email: 'ava.chen@example.com' } });
  });

  it('makes up a request id when the client sends none or a malformed one', async () => {
    const reply = await post(gw.url, { query: '{ products(first: 1) { id } }' }, { 'x-request-id': 'bad id with spaces' });
    expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(subgraphs.catalog.last.headers!['x-request-id']).toBe(reply.headers.get('x-request-id'));
  });

  it('gives up on a slow subgraph after its own timeout with SUBGRAPH_TIMEOUT, and the rest still answers', async () => {
    const started = Date.now();
    const reply = await post(gw.url, { query: '{ slow me { email } }' }, { authorization: `Bearer ${await mintDevToken({ email: 'ava.chen@example.com' })}` });
    expect(Date.now() - started).toBeLessThan(1450);
    expect(codes(reply)).toEqual(['SUBGRAPH_TIMEOUT']);
    expect(reply.body.data).toEqual({ slow: null, me: { email: 'ava.chen@example.com' } });
  });

  it('never passes a failing subgraph\'s response body to the client', async () => {
    const reply = await post(gw.url, { query: '{ products(first: 1) { id } }' }, { 'x-test-break': 'html' });
    expect(codes(reply)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(reply.body.errors![0]!.message).toBe('subgraph "catalog" answered HTTP 502');
    expect(JSON.stringify(reply.body)).not.toMatch(/upstream-internal-detail/);
  });

  it('carries @inContext to every subgraph in the signed context: country, its currency, the language', async () => {
    const token = await mintDevToken({ email: 'ava.chen@example.com' });
    await post(gw.url, { query: 'query Q($c: CountryCode) @inContext(country: $c, language: PT_BR) { me { email } products(first: 1) { id } }', variables: { c: 'DE' } }, { authorization: `Bearer ${token}` });
    for (const subgraph of [subgraphs.customers, subgraphs.catalog]) expect(subgraph.last.context).toMatchObject({ country: 'DE', currency: 'EUR', language: 'pt' });
    await post(gw.url, { query: '{ products(first: 1) { id } }' });
    expect(subgraphs.catalog.last.context).toMatchObject({ country: 'US', currency: 'USD', language: 'en' });
    await post(gw.url, { query: 'query @inContext(country: GB) { products(first: 1) { id } }' });
    expect(subgraphs.catalog.last.context).toMatchObject({ country: 'GB', currency: 'GBP' });
  });
});
