import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { CONTEXT_HEADER, verifyContext, type RequestContext } from '@ucg/request-context';
import { apolloHandler, createHttpService, createLogger, sendJson, type HttpService } from '@ucg/service-kit';
import { RedisStore } from '@ucg/store';
import { createGateway, loadConfig, type Gateway } from '../src/index.ts';

export const contextSecret = 'ucg-test-context-secret';
const link = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@authenticated", "@requiresScopes", "@cost", "@listSize"])
directive @inContext(country: CountryCode, language: LanguageCode) on QUERY | MUTATION
enum CountryCode { US DE GB }
enum LanguageCode { EN DE PT PT_BR }`;

/**
 * Test-only subgraphs: `catalog` owns products (a B2B price needs `prices:b2b`), `customers` owns
 * `me` (signed-in only) and an ops report (`ops:read`). Names match real subgraphs so that the
 * gateway's per-subgraph settings (`CATALOG_URL`, `CUSTOMERS_TIMEOUT_MS`) apply.
 */
export const catalogSdl = `${link}
type Query {
  product(id: ID!): Product
  products(first: Int = 5): [Product!]! @listSize(slicingArguments: ["first"])
  slow: String
  broken: String
  featured: String
}
directive @upper on FIELD
type Product @key(fields: "id") {
  id: ID!
  name: String!
  partnerPrice: String @requiresScopes(scopes: [["prices:b2b"]])
  related: [Product!]! @cost(weight: 5)
  auditNote: String! @requiresScopes(scopes: [["ops:read"]])
}`;

export const customersSdl = `${link}
type Query {
  me: Customer @authenticated
  opsReport: String @requiresScopes(scopes: [["ops:read"], ["ops:admin"]])
}
type Customer @key(fields: "email") {
  email: String!
  name: String
}
type Product @key(fields: "id") {
  id: ID!
  reviews: [String!]!
}`;

export interface Subgraph {
  http: HttpService;
  url: string;
  /** Headers and verified context of the last request received. */
  last: { headers?: IncomingHttpHeaders; context?: RequestContext };
  calls: number;
  /** Every HTTP request that reached the subgraph, answered or not. */
  hits: number;
  /** Headers of the last HTTP request, answered or not. */
  received?: IncomingHttpHeaders;
  /** Makes the subgraph fail: `reset` drops the connection, `error` answers HTTP 503. */
  fault?: 'reset' | 'error';
  /** While set, every request waits for it before being handled (a hung subgraph when it never resolves). */
  hold?: Promise<void>;
}

const products = Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, name: `Product ${i}` }));

async function startSubgraph(name: string, sdl: string, resolvers: Record<string, Record<string, unknown>>): Promise<Subgraph> {
  const logger = createLogger(name, { level: 'silent' });
  const apollo = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as never }]), logger });
  await apollo.start();
  const self: Subgraph = { http: undefined as never, url: '', last: {}, calls: 0, hits: 0 };
  const graphql = apolloHandler(apollo, {
    context: async (req) => {
      self.calls++;
      self.last = { headers: req.headers, context: verifyContext(req.headers[CONTEXT_HEADER], contextSecret).context };
      return { request: self.last.context! };
    },
  });
  self.http = createHttpService({
    name,
    logger,
    routes: [
      {
        path: '/graphql',
        handler: async (req, res, url) => {
          self.hits++;
          self.received = req.headers;
          if (self.hold) await self.hold;
          if (self.fault === 'reset') return void req.socket.destroy();
          if (self.fault === 'error') return void sendJson(res, 503, { errors: [{ message: 'subgraph down' }] });
          // A subgraph that fails with an HTML page: its body must never reach clients.
          if (req.headers['x-test-break'] === 'html') return void sendJson(res, 502, { secret: 'upstream-internal-detail' });
          return graphql(req, res, url);
        },
      },
    ],
    onClose: () => apollo.stop(),
  });
  self.url = `${await self.http.listen(0)}/graphql`;
  return self;
}

export async function startFixtureSubgraphs(): Promise<{ catalog: Subgraph; customers: Subgraph; stop: () => Promise<void> }> {
  const catalog = await startSubgraph('catalog', catalogSdl, {
    Query: {
      product: (_: unknown, { id }: { id: string }) => products.find((p) => p.id === id) ?? null,
      products: (_: unknown, { first }: { first: number }) => products.slice(0, first),
      slow: async () => {
        await new Promise((r) => setTimeout(r, 1500));
        return 'late';
      },
      broken: () => {
        throw new Error('boom');
      },
      // Cacheable, as the real subgraphs' @cacheControl makes product data.
      featured: (_: unknown, __: unknown, ___: unknown, info: { cacheControl: { setCacheHint(hint: { maxAge: number; scope: 'PUBLIC' }): void } }) => {
        info.cacheControl.setCacheHint({ maxAge: 30, scope: 'PUBLIC' });
        return 'p1';
      },
    },
    Product: {
      __resolveReference: (ref: { id: string }) => products.find((p) => p.id === ref.id),
      partnerPrice: (p: { id: string }) => `B2B-${p.id}`,
      related: () => products.slice(0, 2),
      auditNote: () => 'audited',
    },
  });
  const customers = await startSubgraph('customers', customersSdl, {
    Query: {
      me: (_: unknown, __: unknown, ctx: { request: RequestContext }) => (ctx.request.customer ? { email: ctx.request.customer.email, name: 'Ava' } : null),
      opsReport: () => 'all good',
    },
    Customer: { __resolveReference: (ref: { email: string }) => ({ email: ref.email, name: 'Ava' }) },
    Product: { reviews: (p: { id: string }) => [`great ${p.id}`] },
  });
  return { catalog, customers, stop: async () => void (await Promise.all([catalog.http.close(), customers.http.close()])) };
}

export function composeFixture(urls: { catalog: string; customers: string }, sdls = { catalog: catalogSdl, customers: customersSdl }): string {
  const result = composeServices([
    { name: 'catalog', url: urls.catalog, typeDefs: parse(sdls.catalog) },
    { name: 'customers', url: urls.customers, typeDefs: parse(sdls.customers) },
  ]);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The partner's persisted operations in the fixture manifest. */
export const partnerOperations = {
  PartnerProduct: 'query PartnerProduct($id: ID!) {\n  product(id: $id) {\n    id\n    name\n    partnerPrice\n  }\n}',
  PartnerAudit: 'query PartnerAudit {\n  product(id: "p1") {\n    id\n    auditNote\n  }\n}',
};
export const storefrontOperations = { Products: 'query Products {\n  products(first: 3) {\n    id\n    name\n  }\n}' };

function manifest(ops: Record<string, string>) {
  return { format: 'apollo-persisted-query-manifest', version: 1, operations: Object.entries(ops).map(([name, body]) => ({ id: sha256(body), name, type: 'query', body })) };
}

export interface TestGateway {
  gateway: Gateway;
  url: string;
  base: string;
  supergraphPath: string;
  store: RedisStore;
  stop: () => Promise<void>;
}

/** A unique Redis key prefix per test file, so runs never see each other's keys. */
export function testPrefix(): string {
  return `ucg-gw-test:${process.pid}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}:`;
}

/** A gateway in process over the fixture subgraphs, with real Redis under a private prefix. */
export async function startTestGateway(subgraphs: { catalog: Subgraph; customers: Subgraph }, env: Record<string, string> = {}, options: { prefix?: string } = {}): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'ucg-gw-'));
  const supergraphPath = join(dir, 'supergraph.graphql');
  writeFileSync(supergraphPath, composeFixture({ catalog: subgraphs.catalog.url, customers: subgraphs.customers.url }));
  const manifestDir = join(dir, 'manifests');
  mkdirSync(manifestDir);
  writeFileSync(join(manifestDir, 'partner.json'), JSON.stringify(manifest(partnerOperations)));
  writeFileSync(join(manifestDir, 'storefront.json'), JSON.stringify(manifest(storefrontOperations)));
  const config = loadConfig({
    NODE_ENV: 'test',
    SUPERGRAPH_PATH: supergraphPath,
    MANIFEST_DIR: manifestDir,
    CATALOG_URL: subgraphs.catalog.url,
    CUSTOMERS_URL: subgraphs.customers.url,
    CONTEXT_SECRET: contextSecret,
    SUPERGRAPH_WATCH: 'false',
    ...env,
  });
  const store = new RedisStore({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix: options.prefix ?? testPrefix() });
  const gateway = await createGateway(config, createLogger('gateway', { level: process.env.LOG_LEVEL ?? 'silent' }), { store });
  await gateway.warmed();
  const base = await gateway.http.listen(0);
  return {
    gateway,
    url: `${base}/graphql`,
    base,
    supergraphPath,
    store,
    stop: async () => {
      await gateway.http.close();
      await store.close();
    },
  };
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
}

/** POSTs a GraphQL request (any body shape) and parses the JSON answer. */
export async function post<T = Record<string, unknown>>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} };
}

export const codes = (reply: Reply) => reply.body.errors?.map((e) => e.extensions?.code) ?? [];
