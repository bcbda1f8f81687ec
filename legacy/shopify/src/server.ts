import { createStandIn, type StandIn } from '@ucg/legacy-kit';
import { generateRetailer, type Retailer, type SeedOptions } from '@ucg/legacy-seed';
import { BulkOperations } from './graphql/bulk-operations.ts';
import { runAdminGraphQL, type GraphQLRequestBody } from './graphql/endpoint.ts';
import { LeakyBucket, type BucketSettings } from './graphql/leaky-bucket.ts';
import { mutationRoot } from './graphql/mutation-root.ts';
import { queryRoot } from './graphql/query-root.ts';
import { ShopOperations } from './operations.ts';
import { installShopSandbox } from './sandbox-routes.ts';
import { ShopState } from './shop-state.ts';
import { WebhookDispatcher } from './webhook-dispatcher.ts';

export const API_VERSION = '2026-01';

export interface ShopifyStandInOptions {
  seed?: SeedOptions;
  /** Admin API access token. Env SHOPIFY_ACCESS_TOKEN, default `shpat_ucg_dev`. */
  accessToken?: string;
  /** The app's client secret that signs webhooks. Env SHOPIFY_API_SECRET, default `shpss_ucg_dev`. */
  apiSecret?: string;
  /** Env SHOPIFY_SHOP_DOMAIN, default `ucg-webstore.myshopify.com`. */
  shopDomain?: string;
  /**
   * The calculated-cost bucket. Env SHOPIFY_BUCKET_SIZE (2000), SHOPIFY_RESTORE_RATE (100 points/s),
   * SHOPIFY_MAX_QUERY_COST (1000): Shopify's figures for a standard plan today.
   */
  bucket?: Partial<BucketSettings>;
  env?: NodeJS.ProcessEnv;
}

export interface ShopifyStandIn extends StandIn {
  retailer: Retailer;
  state: ShopState;
  webhooks: WebhookDispatcher;
  bucket: LeakyBucket;
  apiSecret: string;
  shopDomain: string;
}

const numberFrom = (value: string | undefined, fallback: number) => (value === undefined || value === '' ? fallback : Number(value));

/** Shopify Admin GraphQL API stand-in (the web store and its POS locations). */
export function createShopifyStandIn(options: ShopifyStandInOptions = {}): ShopifyStandIn {
  const env = options.env ?? process.env;
  const token = options.accessToken ?? env.SHOPIFY_ACCESS_TOKEN ?? 'shpat_ucg_dev';
  const apiSecret = options.apiSecret ?? env.SHOPIFY_API_SECRET ?? 'shpss_ucg_dev';
  const shopDomain = options.shopDomain ?? env.SHOPIFY_SHOP_DOMAIN ?? 'ucg-webstore.myshopify.com';
  const retailer = generateRetailer(options.seed);
  // The seed is shared in-process and never mutated: ShopState copies what it changes.
  const state = new ShopState(retailer);
  const bucket = new LeakyBucket({
    maximumAvailable: options.bucket?.maximumAvailable ?? numberFrom(env.SHOPIFY_BUCKET_SIZE, 2000),
    restoreRate: options.bucket?.restoreRate ?? numberFrom(env.SHOPIFY_RESTORE_RATE, 100),
    maxQueryCost: options.bucket?.maxQueryCost ?? numberFrom(env.SHOPIFY_MAX_QUERY_COST, 1000),
  });
  const webhooks = new WebhookDispatcher(state, { secret: apiSecret, shopDomain, apiVersion: API_VERSION });
  const ops = new ShopOperations(state, webhooks);
  const ctx = { state, shopDomain, apiVersion: API_VERSION };
  const queries = queryRoot(ctx);
  const bulk = new BulkOperations(state, () => queries);
  const rootValue = { ...queries, ...mutationRoot(ctx, ops, bulk) };

  const standIn = createStandIn({
    name: 'Shopify',
    env,
    // Shopify's Admin API typically answers in 100–250 ms from outside its network.
    defaultLatency: { latencyMs: 120, jitterMs: 80 },
    faultReply: (reply) => reply.code(503).header('content-type', 'application/json').send({ errors: 'Service Unavailable' }),
    onReset: () => {
      state.reset();
      bucket.reset();
    },
  });
  const { app } = standIn;
  app.addContentTypeParser('application/graphql', { parseAs: 'string' }, (_request, body, done) => done(null, { query: body }));

  app.post(`/admin/api/${API_VERSION}/graphql.json`, async (request, reply) => {
    reply.header('x-shopify-api-version', API_VERSION);
    if (request.headers['x-shopify-access-token'] !== token) {
      return reply.code(401).send({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    }
    const answer = await runAdminGraphQL((request.body ?? {}) as GraphQLRequestBody, rootValue, bucket, { origin: `${request.protocol}://${request.headers.host}` });
    return reply.code(answer.status).send(answer.body);
  });
  // A bulk operation's result file. Shopify serves it from cloud storage at a signed URL that needs
  // no access token; the stand-in serves it itself.
  app.get('/__bulk/:id/result.jsonl', async (request, reply) => {
    const file = bulk.file(Number((request.params as { id: string }).id));
    if (file === undefined) return reply.code(404).send({ errors: 'Not Found' });
    return reply.header('content-type', 'application/jsonl').send(file);
  });
  installShopSandbox(app, ops, bucket);
  app.addHook('onClose', async () => webhooks.drain());
  return { ...standIn, retailer, state, webhooks, bucket, apiSecret, shopDomain };
}
