import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { mintDevToken } from '../src/index.ts';
import { post, startFixtureSubgraphs, startTestGateway, type Reply, type TestGateway } from './harness.ts';

interface Case {
  name: string;
  send: (url: string) => Promise<Reply>;
  status: number;
  code: string;
}

const json = (body: unknown, headers: Record<string, string> = {}) => (url: string) => post(url, body, headers);
const expired = () => new SignJWT({ email: 'ava.chen@example.com' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('ucg-dev').setAudience('ucg').setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(new TextEncoder().encode('ucg-dev-jwt-secret'));

/**
 * Bad input a client (or an attacker) may send: each gets a stable code and the right status,
 * never a crash. Run against a production-mode gateway, so no answer carries a stack trace.
 */
const corpus: Case[] = [
  { name: 'malformed JSON', send: (url) => post(url, '{"query": "{ products { id } ', {}), status: 400, code: 'BAD_REQUEST' },
  { name: 'a 2 MB body', send: (url) => post(url, { query: `{ products { id } } # ${'x'.repeat(2 * 1024 * 1024)}` }), status: 413, code: 'REQUEST_BODY_TOO_LARGE' },
  { name: 'depth 100', send: json({ query: `{ product(id: "p1") { ${'related { '.repeat(99)} id ${'} '.repeat(99)} } }` }), status: 400, code: 'LIMIT_DEPTH' },
  { name: '10,000 aliases', send: json({ query: `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: __typename`).join(' ')} }` }), status: 400, code: 'LIMIT_TOKENS' },
  { name: '40 aliases (under the token limit)', send: json({ query: `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: product(id: "p1") { id }`).join(' ')} }` }), status: 400, code: 'LIMIT_ALIASES' },
  { name: 'an unknown persisted id', send: json({ extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } }), status: 200, code: 'PERSISTED_QUERY_NOT_FOUND' },
  { name: 'a variable of the wrong type', send: json({ query: 'query P($n: Int) { products(first: $n) { id } }', variables: { n: 'three' } }), status: 400, code: 'BAD_USER_INPUT' },
  { name: 'an unknown field', send: json({ query: '{ nope }' }), status: 400, code: 'GRAPHQL_VALIDATION_FAILED' },
  { name: 'a syntax error', send: json({ query: '{ products { id }' }), status: 400, code: 'GRAPHQL_PARSE_FAILED' },
  { name: 'no query at all', send: json({ variables: {} }), status: 400, code: 'BAD_REQUEST' },
  { name: 'a forged JWT', send: async (url) => post(url, { query: '{ __typename }' }, { authorization: `Bearer ${(await mintDevToken({ email: 'a@b.c' }, { secret: 'not-the-gateway-secret-at-all' }))}` }), status: 401, code: 'UNAUTHENTICATED' },
  { name: 'an expired JWT', send: async (url) => post(url, { query: '{ __typename }' }, { authorization: `Bearer ${await expired()}` }), status: 401, code: 'UNAUTHENTICATED' },
  { name: 'a JWT for another audience', send: async (url) => post(url, { query: '{ __typename }' }, { authorization: `Bearer ${await mintDevToken({ email: 'a@b.c' }, { audience: 'someone-else' })}` }), status: 401, code: 'UNAUTHENTICATED' },
  { name: 'a malformed Authorization header', send: json({ query: '{ __typename }' }, { authorization: 'Basic Zm9vOmJhcg==' }), status: 401, code: 'UNAUTHENTICATED' },
  { name: 'an unknown API key', send: json({ query: '{ __typename }' }, { 'x-api-key': 'ucg-partner-guess' }), status: 401, code: 'UNAUTHENTICATED' },
  { name: 'a mutation over GET', send: async (url) => {
    const res = await fetch(`${url}?query=${encodeURIComponent('mutation { __typename }')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Reply['body'] };
  }, status: 405, code: 'BAD_REQUEST' },
];

describe('bad input corpus', () => {
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

  for (const c of corpus) {
    it(`answers ${c.name} with ${c.status} ${c.code}, then serves the next request normally`, async () => {
      const reply = await c.send(gw.url);
      expect(reply.status).toBe(c.status);
      expect(reply.body.errors?.map((e) => e.extensions?.code)).toContain(c.code);
      expect(JSON.stringify(reply.body)).not.toMatch(/stacktrace|at .*\.[jt]s:\d+/);
      const next = await post(gw.url, { query: '{ products(first: 1) { id } }' });
      expect(next.body).toEqual({ data: { products: [{ id: 'p0' }] } });
    });
  }

  it('reports why credentials failed beside the standard code', async () => {
    const reply = await corpus.find((c) => c.name === 'an expired JWT')!.send(gw.url);
    expect(reply.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'AUTH_TOKEN_EXPIRED' });
  });
});
