import type { Address, Category, Location, Order, Person, Product, Retailer } from '@ucg/legacy-seed';
import { idBase } from './ids.ts';
import { convertCents, toCents } from './money.ts';

export const SHOP_CURRENCY = 'USD';

export interface VariantRec {
  legacyId: number;
  inventoryItemId: number;
  productLegacyId: number;
  sku: string;
  title: string;
  position: number;
  options: { name: string; value: string }[];
  barcode: string;
  priceCents: number;
  compareAtCents: number | null;
  weightGrams: number;
}

export interface ProductRec {
  legacyId: number;
  seed: Product;
  productType: string;
  collection: CollectionRec;
  variants: VariantRec[];
}

export interface CollectionRec {
  legacyId: number;
  handle: string;
  title: string;
}

export interface LevelRec {
  inventoryItemId: number;
  locationId: string;
  sku: string;
  onHand: number;
  committed: number;
  createdAt: string;
  updatedAt: string;
}

export interface LineRec {
  legacyId: number;
  sku: string;
  title: string;
  variantTitle: string;
  quantity: number;
  unitCents: number;
  variantLegacyId: number | null;
  productLegacyId: number | null;
}

export interface OrderRec {
  legacyId: number;
  number: number;
  sourceName: 'web' | 'pos';
  email: string | null;
  customerLegacyId: number | null;
  createdAt: string;
  currency: string;
  /** Presentment (order currency) minor units. */
  subtotalCents: number;
  taxCents: number;
  shippingCents: number;
  totalCents: number;
  /** 1 presentment unit = rate shop-currency units. */
  rateToShop: string;
  lines: LineRec[];
  fulfillment: 'UNFULFILLED' | 'IN_PROGRESS' | 'FULFILLED';
  financial: 'PAID' | 'REFUNDED' | 'VOIDED' | 'AUTHORIZED' | 'PENDING';
  cancelledAt: string | null;
  retailLocationId: string | null;
  shippingAddress: Address | null;
}

export interface CustomerRec {
  legacyId: number;
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  createdAt: string;
  updatedAt: string;
  acceptsMarketing: boolean;
  address: Address;
  /** Set by customerRequestDataErasure: the erasure is under way. */
  erasureRequestedAt: string | null;
}

export interface WebhookRec {
  legacyId: number;
  topic: 'INVENTORY_LEVELS_UPDATE' | 'ORDERS_CREATE' | 'PRODUCTS_UPDATE';
  uri: string;
  format: 'JSON';
  createdAt: string;
}

/** A bulk query (`bulkOperationRunQuery`): its result is held as the JSONL file Shopify would store. */
export interface BulkOperationRec {
  legacyId: number;
  status: 'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED';
  errorCode: 'INTERNAL_SERVER_ERROR' | null;
  query: string;
  createdAt: string;
  completedAt: string | null;
  objectCount: number;
  rootObjectCount: number;
  /** Where the result file is served (set when the operation completes). */
  url: string | null;
  jsonl: string | null;
}

export interface TransactionRec {
  legacyId: number;
  kind: 'AUTHORIZATION' | 'SALE' | 'VOID';
  status: 'SUCCESS' | 'FAILURE' | 'ERROR';
  errorCode: 'CARD_DECLINED' | 'PROCESSING_ERROR' | null;
  amountCents: number;
  currency: string;
  idempotencyKey: string | null;
  mandate: string;
  paymentId: string;
  createdAt: string;
  parentLegacyId: number | null;
  voided: boolean;
  authorizationExpiresAt: string | null;
}

const fulfillmentFor: Record<Order['status'], OrderRec['fulfillment']> = {
  UNFULFILLED: 'UNFULFILLED', PROCESSING: 'IN_PROGRESS', SHIPPED: 'FULFILLED', DELIVERED: 'FULFILLED',
  CANCELLED: 'UNFULFILLED', RETURNED: 'FULFILLED', COMPLETED: 'FULFILLED',
};
const financialFor: Record<Order['status'], OrderRec['financial']> = {
  UNFULFILLED: 'PAID', PROCESSING: 'PAID', SHIPPED: 'PAID', DELIVERED: 'PAID', CANCELLED: 'VOIDED', RETURNED: 'REFUNDED', COMPLETED: 'PAID',
};

export const levelKey = (inventoryItemId: number, locationId: string) => `${inventoryItemId}|${locationId}`;

/**
 * The shop's data: the seed's web-store slice projected into Shopify's records. Products,
 * locations and prices are read-only; inventory, orders, customers, webhooks and payments change,
 * so `reset()` rebuilds them from the (shared, never mutated) seed.
 */
export class ShopState {
  readonly products: ProductRec[] = [];
  readonly productByLegacyId = new Map<number, ProductRec>();
  readonly productByHandle = new Map<string, ProductRec>();
  readonly variantByLegacyId = new Map<number, VariantRec>();
  readonly variantByItemId = new Map<number, VariantRec>();
  readonly variantBySku = new Map<string, VariantRec>();
  readonly collections: CollectionRec[] = [];
  readonly locations: Location[];
  levels = new Map<string, LevelRec>();
  orders: OrderRec[] = [];
  customers: CustomerRec[] = [];
  webhooks: WebhookRec[] = [];
  transactions: TransactionRec[] = [];
  bulkOperations: BulkOperationRec[] = [];
  private seq = { webhook: 1, transaction: 1, lineItem: 0, bulkOperation: 1 };

  constructor(readonly retailer: Retailer) {
    const categories = new Map<string, CollectionRec & { category: Category }>();
    retailer.categories.forEach((category, i) => {
      const rec = { legacyId: idBase.collection + i + 1, handle: category.id, title: category.name.en, category };
      categories.set(category.id, rec);
      this.collections.push({ legacyId: rec.legacyId, handle: rec.handle, title: rec.title });
    });
    const usd = new Map(retailer.prices.filter((p) => p.currency === SHOP_CURRENCY && p.customerGroup === '01').map((p) => [p.sku, p]));
    const variantIndex = new Map(retailer.variants.map((v, i) => [v.sku, i]));
    const byProduct = new Map<string, typeof retailer.variants>();
    for (const v of retailer.variants) byProduct.set(v.productId, [...(byProduct.get(v.productId) ?? []), v]);
    for (const product of retailer.products) {
      if (!product.inWebStore) continue;
      const legacyId = idBase.product + Number(product.id.slice(2));
      const category = categories.get(product.categoryId)!;
      const rec: ProductRec = {
        legacyId, seed: product, productType: category.title, collection: { legacyId: category.legacyId, handle: category.handle, title: category.title },
        variants: (byProduct.get(product.id) ?? []).map((v, position) => {
          const index = variantIndex.get(v.sku)!;
          const price = usd.get(v.sku);
          return {
            legacyId: idBase.variant + index + 1, inventoryItemId: idBase.inventoryItem + index + 1, productLegacyId: legacyId,
            sku: v.sku, title: v.title, position: position + 1, options: v.options, barcode: v.gtin, weightGrams: v.weightGrams,
            priceCents: price ? toCents(price.amount) : 0, compareAtCents: price?.compareAtAmount ? toCents(price.compareAtAmount) : null,
          };
        }),
      };
      this.products.push(rec);
      this.productByLegacyId.set(legacyId, rec);
      this.productByHandle.set(product.handle, rec);
      for (const v of rec.variants) {
        this.variantByLegacyId.set(v.legacyId, v);
        this.variantByItemId.set(v.inventoryItemId, v);
        this.variantBySku.set(v.sku, v);
      }
    }
    this.locations = retailer.locations.filter((l) => l.system === 'webstore');
    this.reset();
  }

  /** Restores products, inventory, orders and customers to the seed, and forgets webhooks, payments and bulk operations. */
  reset(): void {
    const { retailer } = this;
    const seedProducts = new Map(retailer.products.map((p) => [p.id, p]));
    for (const rec of this.products) rec.seed = seedProducts.get(rec.seed.id)!;
    this.levels = new Map();
    for (const s of retailer.stock) {
      if (s.system !== 'webstore') continue;
      // Stock of products not listed in this shop has no inventory item here.
      const variant = this.variantBySku.get(s.sku);
      if (!variant) continue;
      this.levels.set(levelKey(variant.inventoryItemId, s.locationNativeId), {
        inventoryItemId: variant.inventoryItemId, locationId: s.locationNativeId, sku: s.sku,
        onHand: s.onHand, committed: s.committed, createdAt: retailer.now, updatedAt: retailer.now,
      });
    }
    const customerByPerson = new Map<string, CustomerRec>();
    this.customers = [];
    retailer.people.forEach((person, i) => {
      if (!person.webStore) return;
      const rec = customerFromPerson(person, idBase.customer + i + 1);
      this.customers.push(rec);
      customerByPerson.set(person.key, rec);
    });
    const rates = new Map(retailer.exchangeRates.filter((r) => r.to === SHOP_CURRENCY).map((r) => [r.from, r.rate]));
    this.seq.lineItem = 0;
    this.orders = retailer.orders.filter((o) => o.system === 'webstore').map((o) => {
      const number = Number(o.number);
      return {
        legacyId: idBase.order + number,
        number,
        sourceName: o.channel === 'POS' ? 'pos' : 'web',
        email: o.email ?? null,
        customerLegacyId: o.personKey ? customerByPerson.get(o.personKey)?.legacyId ?? null : null,
        createdAt: o.placedAt,
        currency: o.currency,
        subtotalCents: toCents(o.subtotal), taxCents: toCents(o.tax), shippingCents: toCents(o.shipping), totalCents: toCents(o.total),
        rateToShop: o.currency === SHOP_CURRENCY ? '1' : rates.get(o.currency) ?? '1',
        lines: o.lines.map((l) => this.lineFor(l.sku, l.quantity, toCents(l.unitPrice))),
        fulfillment: fulfillmentFor[o.status],
        financial: financialFor[o.status],
        cancelledAt: o.status === 'CANCELLED' ? new Date(Date.parse(o.placedAt) + 2 * 3600_000).toISOString() : null,
        retailLocationId: o.storeNativeId ?? null,
        shippingAddress: o.shippingAddress ?? null,
      } satisfies OrderRec;
    });
    this.webhooks = [];
    this.transactions = [];
    this.bulkOperations = [];
    this.seq.webhook = 1;
    this.seq.transaction = 1;
    this.seq.bulkOperation = 1;
  }

  lineFor(sku: string, quantity: number, unitCents: number): LineRec {
    const variant = this.variantBySku.get(sku);
    const product = variant ? this.productByLegacyId.get(variant.productLegacyId) : undefined;
    return {
      legacyId: idBase.lineItem + ++this.seq.lineItem, sku, quantity, unitCents,
      title: product?.seed.title.en ?? sku, variantTitle: variant?.title ?? '',
      variantLegacyId: variant?.legacyId ?? null, productLegacyId: variant?.productLegacyId ?? null,
    };
  }

  nextWebhookId(): number {
    return 1_500_000_000 + this.seq.webhook++;
  }

  nextBulkOperationId(): number {
    return 4_100_000_000 + this.seq.bulkOperation++;
  }

  nextTransactionId(): number {
    return idBase.transaction + this.seq.transaction++;
  }

  toShopCents(order: OrderRec, cents: number): number {
    return order.rateToShop === '1' ? cents : convertCents(cents, order.rateToShop);
  }

  location(id: string): Location | undefined {
    return this.locations.find((l) => l.nativeId === id);
  }

  levelsForItem(inventoryItemId: number): LevelRec[] {
    return this.locations.flatMap((l) => this.levels.get(levelKey(inventoryItemId, l.nativeId)) ?? []);
  }

  customerByEmail(email: string): CustomerRec[] {
    const wanted = email.trim().toLowerCase();
    return this.customers.filter((c) => c.email.toLowerCase() === wanted);
  }
}

function customerFromPerson(person: Person, legacyId: number): CustomerRec {
  return {
    legacyId, email: person.webStore!.emailAsStored, firstName: person.firstName, lastName: person.lastName, phone: person.phone,
    createdAt: person.createdAt, updatedAt: person.createdAt, acceptsMarketing: person.acceptsMarketing, address: person.address,
    erasureRequestedAt: null,
  };
}
