import { createHash } from 'node:crypto';
import type { Request } from 'autocannon';
import { BENCH_IDENTITY_HEADER } from './targets/bench-identity.ts';
import type { TargetKind } from './targets/index.ts';
import type { BenchData, ManifestOperation } from './data.ts';
import { zipfSampler } from './zipf.ts';

export interface Workload {
  name: string;
  /** The contract operations it runs. */
  description: string;
  /** Not a contract operation: shown apart in the results. */
  extra?: boolean;
  /** A GET workload's operation and one set of variables: gateways keeping APQ per process get the hash registered before the run. */
  apq?: (data: BenchData) => { operation: ManifestOperation; variables: unknown };
  /** The request sequence each connection repeats, shaped for this kind of target. */
  sequence(kind: TargetKind, data: BenchData): Request[];
}

const acceptJson = 'application/graphql-response+json, application/json';
const enc = (value: unknown) => encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value));
const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

function op(data: BenchData, name: string): ManifestOperation {
  const found = data.operations.get(name);
  if (!found) throw new Error(`operation ${name} is not in schema/manifests`);
  return found;
}

/**
 * A query as a storefront sends it by GET: APQ (hash only) to our gateway, to plain Apollo (the
 * hash is registered before the run) and to the ceiling; Hive Gateway has no APQ without an extra
 * plugin, so it gets the query text in the URL.
 */
export function getPath(kind: TargetKind, operation: ManifestOperation, variables: unknown): string {
  const common = `/graphql?operationName=${operation.name}&variables=${enc(variables)}`;
  if (kind === 'hive') return `${common}&query=${enc(operation.body)}`;
  return `${common}&extensions=${enc({ persistedQuery: { version: 1, sha256Hash: operation.id } })}`;
}

function zipfGet(workload: string, operation: ManifestOperation, variants: unknown[], kind: TargetKind): Request[] {
  const paths = variants.map((v) => getPath(kind, operation, v));
  const next = zipfSampler(paths.length, 1);
  const headers = { accept: acceptJson, 'apollo-require-preflight': 'true', 'x-bench-workload': workload };
  return [{ method: 'GET', path: paths[0], headers, setupRequest: (req) => ({ ...req, path: paths[next()]! }) }];
}

function post(workload: string, body: (context: Record<string, unknown>) => unknown, headers: Record<string, string> = {}, onResponse?: Request['onResponse']): Request {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', accept: acceptJson, 'x-bench-workload': workload, ...headers },
    body: JSON.stringify(body({})),
    setupRequest: (req, context) => ({ ...req, body: JSON.stringify(body(context)) }),
    ...(onResponse ? { onResponse } : {}),
  };
}

const productCardBody = `query ProductCard($handle: String!, $country: CountryCode, $language: LanguageCode) @inContext(country: $country, language: $language) {
  product(handle: $handle) {
    id
    handle
    title
    description
    images { url altText }
    categories { id name }
    priceRange { min { amount currencyCode } max { amount currencyCode } }
    variants(first: 50) { nodes { sku title options { name value } price { amount currencyCode } compareAtPrice { amount currencyCode } } }
  }
}`;
const productCard: ManifestOperation = { id: createHash('sha256').update(productCardBody).digest('hex'), name: 'ProductCard', body: productCardBody };

/** The partner the gateway knows by its API key, as the other gateways are told it (see bench-identity). */
const benchPartner = { partner: { companyId: 'acme', customerGroup: 'B2', scopes: ['inventory:read', 'prices:b2b', 'orders:read'] } };

export const workloads: Workload[] = [
  {
    name: 'ProductDetail',
    description: 'ProductDetail over a Zipf (s=1) set of web-store handles, APQ GET, anonymous',
    apq: (data) => ({ operation: op(data, 'ProductDetail'), variables: { handle: data.handles[0] } }),
    sequence: (kind, data) => zipfGet('ProductDetail', op(data, 'ProductDetail'), data.handles.map((handle) => ({ handle })), kind),
  },
  {
    name: 'ProductSearch',
    description: 'ProductSearch over a Zipf set of search terms, APQ GET, anonymous',
    apq: (data) => ({ operation: op(data, 'ProductSearch'), variables: { query: data.searchTerms[0], first: 24 } }),
    sequence: (kind, data) => zipfGet('ProductSearch', op(data, 'ProductSearch'), data.searchTerms.map((query) => ({ query, first: 24 })), kind),
  },
  {
    name: 'ProductCard',
    description: "not a contract operation: ProductDetail's catalog part only (no stock), APQ GET over the same Zipf handles; measures the response cache while stock answers no-store",
    extra: true,
    apq: (data) => ({ operation: productCard, variables: { handle: data.handles[0] } }),
    sequence: (kind, data) => zipfGet('ProductCard', productCard, data.handles.map((handle) => ({ handle })), kind),
  },
  {
    name: 'ProductCardHot',
    description: 'not a contract operation: ProductCard over the 10 most popular handles only, so that nearly every answer can come from the response cache (the steady state of a hot page, compared with the ceiling)',
    extra: true,
    apq: (data) => ({ operation: productCard, variables: { handle: data.handles[0] } }),
    sequence: (kind, data) => zipfGet('ProductCardHot', productCard, data.handles.slice(0, 10).map((handle) => ({ handle })), kind),
  },
  {
    name: 'CartFlow',
    description: 'cartCreate, cartLinesAdd (1 unit of a stocked SKU), Cart: 3 POSTs per flow, anonymous',
    sequence: (_kind, data) => {
      const create = op(data, 'CartCreate');
      const add = op(data, 'CartLinesAdd');
      const read = op(data, 'Cart');
      const remember = (_status: number, body: string, context: Record<string, unknown>) => {
        try {
          context.cartId = (JSON.parse(body) as { data?: { cartCreate?: { cart?: { id?: string } } } }).data?.cartCreate?.cart?.id ?? 'none';
        } catch {
          context.cartId = 'none';
        }
      };
      return [
        post('CartFlow#0', () => ({ query: create.body, operationName: create.name, variables: { input: { countryCode: 'US' } } }), {}, remember),
        post('CartFlow#1', (ctx) => ({ query: add.body, operationName: add.name, variables: { cartId: ctx.cartId ?? 'none', lines: [{ sku: pick(data.cartSkus), quantity: 1 }] } })),
        post('CartFlow#2', (ctx) => ({ query: read.body, operationName: read.name, variables: { id: ctx.cartId ?? 'none' } })),
      ];
    },
  },
  {
    name: 'PartnerStockFeed',
    description: 'PartnerStockFeed for 500 SKUs (4 batches), persisted id + partner API key',
    sequence: (kind, data) => {
      const feed = op(data, 'PartnerStockFeed');
      const persisted = kind === 'ours' || kind === 'ceiling';
      // 500 SKUs make a 10 kB body: built once per batch, not per request.
      const bodies = data.partnerBatches.map((skus) => JSON.stringify(persisted ? { operationName: feed.name, variables: { skus }, extensions: { persistedQuery: { version: 1, sha256Hash: feed.id } } } : { query: feed.body, operationName: feed.name, variables: { skus } }));
      const identity: Record<string, string> = persisted ? { 'x-api-key': data.partnerKey } : { [BENCH_IDENTITY_HEADER]: JSON.stringify(benchPartner) };
      // A partner's HTTP client takes gzip, as fetch, curl --compressed, requests and Java's do.
      const headers = { ...identity, 'accept-encoding': 'gzip' };
      return [{ ...post('PartnerStockFeed', () => ({}), headers), body: bodies[0]!, setupRequest: (req) => ({ ...req, body: pick(bodies) }) }];
    },
  },
  {
    name: 'MyAccount',
    description: 'MyAccount for one of 50 signed-in customers (customer JWT)',
    sequence: (kind, data) => {
      const account = op(data, 'MyAccount');
      const body = () => ({ query: account.body, operationName: account.name, variables: { ordersFirst: 10 } });
      // One connection is one customer's session: the headers stay, the customer differs per connection.
      const customer = () => pick(data.customers);
      return [
        {
          ...post('MyAccount', body),
          setupRequest: (req, context) => {
            const c = (context.customer ??= customer()) as BenchData['customers'][number];
            const identity: Record<string, string> = kind === 'ours' || kind === 'ceiling' ? { authorization: `Bearer ${c.token}` } : { [BENCH_IDENTITY_HEADER]: JSON.stringify({ customer: { email: c.email } }) };
            return { ...req, headers: { ...req.headers, ...identity } };
          },
        },
      ];
    },
  },
];
