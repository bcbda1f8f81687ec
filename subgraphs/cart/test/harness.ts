import { money, type PriceRecord } from '@ucg/connector-core';
import { HubSpotConnector } from '@ucg/connector-hubspot';
import { SapConnector } from '@ucg/connector-sap';
import { createHubSpotStandIn, type HubSpotStandIn } from '@ucg/legacy-hubspot';
import { createSapStandIn, type SapStandIn } from '@ucg/legacy-sap-s4';
import { RetailerIndex, generateRetailer, type Retailer } from '@ucg/legacy-seed';
import { createShopifyStandIn, type ShopifyStandIn } from '@ucg/legacy-shopify';
import { OrderOutbox } from '@ucg/order-outbox';
import type { PriceSource } from '@ucg/pricing';
import { CONTEXT_HEADER, currencyForCountry, signContext } from '@ucg/request-context';
import { createLogger } from '@ucg/service-kit';
import { StockLedger } from '@ucg/stock-ledger';
import type { Store } from '@ucg/store';
import type { SubgraphServer } from '@ucg/subgraph-kit';
import { createCartServer, loadConfig } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

/** A small retailer, its "now" the wall clock so prices and rates are valid today and CRM writes are never before seeded times. */
export const SEED = { scale: 0.05, now: new Date().toISOString() } as const;
const SECRET = 'cart-test-context-secret';

/** The ERP's price list, changeable as a price update would change it (the connector underneath is real). */
export class ChangingPriceList implements PriceSource {
  readonly overrides = new Map<string, string>();
  constructor(private readonly erp: SapConnector) {}

  async salesPrices(skus: readonly string[], currency: string, customerGroup?: string): Promise<PriceRecord[]> {
    const prices = await this.erp.salesPrices(skus, currency, customerGroup);
    return prices.map((p) => (this.overrides.has(p.sku) ? { ...p, price: money(this.overrides.get(p.sku)!, p.price.currencyCode) } : p));
  }

  exchangeRates() {
    return this.erp.exchangeRates();
  }
}

export interface Shopper {
  country?: string;
  email?: string;
}

export interface CartHarness {
  url: string;
  store: Store;
  ledger: StockLedger;
  outbox: OrderOutbox;
  retailer: Retailer;
  index: RetailerIndex;
  erp: SapStandIn;
  crm: HubSpotStandIn;
  shop: ShopifyStandIn;
  crmConnector: HubSpotConnector;
  prices: ChangingPriceList;
  server: SubgraphServer;
  /** Calls each stand-in served so far (`GET /__sandbox/calls`). */
  calls(): Promise<{ erp: number; crm: number; webstore: number }>;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, shopper?: Shopper): Promise<{ data: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  /** Sets what the ledger says a location holds (the inventory subgraph's job in production). */
  stock(sku: string, byLocation: Record<string, number>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The cart subgraph in process on port 0 with real connectors to in-process ERP, CRM and web store
 * stand-ins, over `store` (real Redis, a cluster, or the in-process store).
 */
export async function startCart(store: Store, env: Record<string, string> = {}): Promise<CartHarness> {
  const erp = createSapStandIn({ seed: SEED });
  const crm = createHubSpotStandIn({ seed: SEED });
  const shop = createShopifyStandIn({ seed: SEED, bucket: { restoreRate: 1000 } });
  const [erpUrl, crmUrl, shopUrl] = await Promise.all([erp, crm, shop].map((s) => s.app.listen({ port: 0, host: '127.0.0.1' })));
  const config = loadConfig({
    CONTEXT_SECRET: SECRET,
    NODE_ENV: 'test',
    ERP_URL: erpUrl,
    CRM_URL: crmUrl,
    SHOPIFY_URL: shopUrl,
    CART_SWEEP_INTERVAL_MS: '100',
    ORDER_RELAY_INTERVAL_MS: '200',
    ...env,
  });
  const erpConnector = new SapConnector({ baseUrl: erpUrl!, user: 'UCG_DEV', password: 'ucg-dev-secret' });
  const prices = new ChangingPriceList(erpConnector);
  const server = await createCartServer(config, createLogger('cart-test', { level: 'silent' }), { store, priceSource: prices });
  const url = `${await server.http.listen(0)}/graphql`;
  const retailer = generateRetailer(SEED);
  const ledger = new StockLedger(store);
  const crmConnector = new HubSpotConnector({ baseUrl: crmUrl!, token: 'pat-ucg-dev' });
  let request = 0;
  return {
    url, store, ledger, retailer, erp, crm, shop, crmConnector, prices, server,
    outbox: new OrderOutbox(store),
    async calls() {
      const total = async (base: string) => ((await (await fetch(`${base}/__sandbox/calls`)).json()) as { total: number }).total;
      const [e, c, w] = await Promise.all([erpUrl!, crmUrl!, shopUrl!].map(total));
      return { erp: e!, crm: c!, webstore: w! };
    },
    index: new RetailerIndex(retailer),
    async gql(query, variables = {}, shopper = {}) {
      const country = shopper.country ?? 'US';
      const context = signContext({
        requestId: `test-${++request}`, country, language: 'en', currency: currencyForCountry(country), issuedAt: Date.now(),
        ...(shopper.email ? { customer: { email: shopper.email } } : {}),
      }, SECRET);
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [CONTEXT_HEADER]: context }, body: JSON.stringify({ query, variables }) });
      return (await res.json()) as never;
    },
    async stock(sku, byLocation) {
      const asOf = Date.now();
      await Promise.all(Object.entries(byLocation).map(([loc, n]) => ledger.setHeld(sku, loc, n, { asOf, source: loc.split(':')[0]!, sellable: true })));
    },
    async close() {
      await server.http.close();
      await Promise.all([erpConnector.close(), crmConnector.close()]);
      await crm.webhooks.idle();
      await Promise.all([erp, crm, shop].map((s) => s.app.close()));
    },
  };
}

/** The operations the storefront sends (storefront/Cart.graphql, with the fields the cart subgraph resolves). */
export const CART_FIELDS = /* GraphQL */ `
  fragment CartFields on Cart {
    id currencyCode createdAt updatedAt expiresAt reservationExpiresAt totalQuantity
    buyer { customer { id } countryCode }
    lines(first: 100) {
      nodes {
        id quantity variant { sku }
        fulfillment { mode location { id } }
        cost { amountPerQuantity { amount currencyCode } totalAmount { amount currencyCode } }
      }
      pageInfo { hasNextPage endCursor }
    }
    cost { subtotalAmount { amount currencyCode } totalTaxAmount { amount currencyCode } totalAmount { amount currencyCode } }
    problems { code message lineId availableQuantity }
  }
`;

export const OPS = {
  create: `mutation($input: CartInput!) { cartCreate(input: $input) { cart { ...CartFields } userErrors { code field message } } } ${CART_FIELDS}`,
  read: `query($id: ID!) { cart(id: $id) { ...CartFields } } ${CART_FIELDS}`,
  add: `mutation($cartId: ID!, $lines: [CartLineInput!]!) { cartLinesAdd(cartId: $cartId, lines: $lines) { cart { ...CartFields } userErrors { code field message } warnings { code message target } } } ${CART_FIELDS}`,
  update: `mutation($cartId: ID!, $lines: [CartLineUpdateInput!]!) { cartLinesUpdate(cartId: $cartId, lines: $lines) { cart { ...CartFields } userErrors { code field message } warnings { code message target } } } ${CART_FIELDS}`,
  remove: `mutation($cartId: ID!, $lineIds: [ID!]!) { cartLinesRemove(cartId: $cartId, lineIds: $lineIds) { cart { ...CartFields } userErrors { code field message } } } ${CART_FIELDS}`,
  fulfillment: `mutation($cartId: ID!, $lineIds: [ID!]!, $mode: FulfillmentMode!, $locationId: ID) { cartFulfillmentSet(cartId: $cartId, lineIds: $lineIds, mode: $mode, locationId: $locationId) { cart { ...CartFields } userErrors { code field message } } } ${CART_FIELDS}`,
  signIn: `mutation($cartId: ID!, $countryCode: CountryCode, $mergeStrategy: CartMergeStrategy) { cartBuyerIdentityUpdate(cartId: $cartId, countryCode: $countryCode, mergeStrategy: $mergeStrategy) { cart { ...CartFields } userErrors { code field message } } } ${CART_FIELDS}`,
  checkout: `mutation($cartId: ID!, $idempotencyKey: String!, $payment: PaymentInput!, $shippingAddress: MailingAddressInput, $email: String) {
    checkoutComplete(cartId: $cartId, idempotencyKey: $idempotencyKey, payment: $payment, shippingAddress: $shippingAddress, email: $email) { order { number } userErrors { code field message } } }`,
} as const;

export const ADDRESS = { firstName: 'Ava', lastName: 'Chen', address1: '48 Mercer St', city: 'New York', province: 'NY', zip: '10013', countryCode: 'US' };

/** Units the ledger holds reserved for a SKU, over all locations. */
export async function reservedUnits(ledger: StockLedger, sku: string): Promise<number> {
  return (await ledger.available([sku]))[0]!.reserved;
}
