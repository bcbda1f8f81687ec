import { gid, parseGid, type GidType } from '../ids.ts';
import { type OrderRec, type ProductRec, type VariantRec } from '../shop-state.ts';
import { connection, type ConnectionArgs } from './connection.ts';
import { matches, parseSearch } from './search-query.ts';
import { customerSearch, locationSearch, orderSearch, productSearch, variantSearch } from './search-specs.ts';
import { bulkOperationView } from './bulk-operations.ts';
import { customerView, orderConnection, orderView, transactionView, webhookView } from './order-views.ts';
import { collectionView, inventoryItemView, inventoryLevelView, locationView, productView, variantView, type ViewContext } from './views.ts';

type ListArgs = ConnectionArgs & { query?: string | null; sortKey?: string | null };

const byKey = <T>(key: (item: T) => string | number) => (a: T, b: T) => {
  const x = key(a);
  const y = key(b);
  return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
};

function sortProducts(items: ProductRec[], sortKey: string | null | undefined): ProductRec[] {
  const keys: Record<string, (p: ProductRec) => string | number> = {
    TITLE: (p) => p.seed.title.en, CREATED_AT: (p) => p.seed.createdAt, UPDATED_AT: (p) => p.seed.createdAt,
    VENDOR: (p) => p.seed.vendor, PRODUCT_TYPE: (p) => p.productType,
  };
  const key = keys[sortKey ?? 'ID'];
  return key ? [...items].sort((a, b) => byKey(key)(a, b) || a.legacyId - b.legacyId) : items;
}

function sortOrders(items: OrderRec[], sortKey: string | null | undefined): OrderRec[] {
  const keys: Record<string, (o: OrderRec) => string | number> = {
    CREATED_AT: (o) => Date.parse(o.createdAt), PROCESSED_AT: (o) => Date.parse(o.createdAt), UPDATED_AT: (o) => Date.parse(o.cancelledAt ?? o.createdAt),
    ORDER_NUMBER: (o) => o.number, TOTAL_PRICE: (o) => o.totalCents, ID: (o) => o.legacyId,
  };
  const key = keys[sortKey ?? 'PROCESSED_AT'] ?? keys.ID!;
  return [...items].sort((a, b) => byKey(key)(a, b) || a.legacyId - b.legacyId);
}

function variantsOf(ctx: ViewContext): VariantRec[] {
  return ctx.state.products.flatMap((p) => p.variants);
}

/** Resolves any supported gid to its view (the `Node` interface). */
export function nodeById(ctx: ViewContext, id: string): unknown {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(id);
  const type = m?.[1] as GidType | undefined;
  const raw = type ? parseGid(id, type) : undefined;
  if (!type || !raw) return null;
  const n = Number(raw);
  const { state } = ctx;
  switch (type) {
    case 'Product': { const p = state.productByLegacyId.get(n); return p ? productView(ctx, p) : null; }
    case 'ProductVariant': { const v = state.variantByLegacyId.get(n); return v ? variantView(ctx, v) : null; }
    case 'InventoryItem': { const v = state.variantByItemId.get(n); return v ? inventoryItemView(ctx, v) : null; }
    case 'InventoryLevel': {
      const item = /inventory_item_id=(\d+)/.exec(id)?.[1];
      const level = item ? state.levels.get(`${item}|${raw}`) : undefined;
      return level ? inventoryLevelView(ctx, level) : null;
    }
    case 'Location': { const l = state.location(raw); return l ? locationView(ctx, l) : null; }
    case 'Order': { const o = state.orders.find((x) => x.legacyId === n); return o ? orderView(ctx, o) : null; }
    case 'Customer': { const c = state.customers.find((x) => x.legacyId === n); return c ? customerView(ctx, c) : null; }
    case 'Collection': { const c = state.collections.find((x) => x.legacyId === n); return c ? collectionView(ctx, c) : null; }
    case 'OrderTransaction': { const t = state.transactions.find((x) => x.legacyId === n); return t ? transactionView(ctx, t) : null; }
    case 'WebhookSubscription': { const w = state.webhooks.find((x) => x.legacyId === n); return w ? webhookView(ctx, w) : null; }
    case 'BulkOperation': { const b = state.bulkOperations.find((x) => x.legacyId === n); return b ? bulkOperationView(b) : null; }
    default: return null;
  }
}

const ofType = (type: string) => (node: unknown) => ((node as { __typename?: string } | null)?.__typename === type ? node : null);

/** The `QueryRoot` of the Admin API subset. */
export function queryRoot(ctx: ViewContext) {
  const { state } = ctx;
  return {
    shop: () => ({ __typename: 'Shop', id: gid('Shop', 63_000_000), name: 'Northwind & Oak', myshopifyDomain: ctx.shopDomain, currencyCode: 'USD', ianaTimezone: 'America/New_York' }),
    node: ({ id }: { id: string }) => nodeById(ctx, id),
    nodes: ({ ids }: { ids: string[] }) => ids.map((id) => nodeById(ctx, id)),
    product: ({ id }: { id: string }) => ofType('Product')(nodeById(ctx, id)),
    productByIdentifier: ({ identifier }: { identifier: { id?: string; handle?: string } }) => {
      if (identifier.id) return ofType('Product')(nodeById(ctx, identifier.id));
      const p = identifier.handle ? state.productByHandle.get(identifier.handle) : undefined;
      return p ? productView(ctx, p) : null;
    },
    products: (args: ListArgs) => {
      const search = parseSearch(args.query);
      const items = sortProducts(state.products.filter((p) => matches(search, p, productSearch)), args.sortKey);
      return connection(items, args, (p) => p.legacyId, (p) => productView(ctx, p));
    },
    productVariant: ({ id }: { id: string }) => ofType('ProductVariant')(nodeById(ctx, id)),
    productVariants: (args: ListArgs) => {
      const search = parseSearch(args.query);
      const items = variantsOf(ctx).filter((v) => matches(search, v, variantSearch));
      if (args.sortKey === 'SKU') items.sort(byKey((v) => v.sku));
      else items.sort((a, b) => a.legacyId - b.legacyId);
      return connection(items, args, (v) => v.legacyId, (v) => variantView(ctx, v));
    },
    collections: (args: ListArgs) => {
      const search = parseSearch(args.query);
      const items = state.collections.filter((c) => matches(search, c, { fields: { handle: (x) => x.handle, title: (x) => x.title, id: (x) => x.legacyId }, defaults: ['title'] }));
      return connection(items, args, (c) => c.legacyId, (c) => collectionView(ctx, c));
    },
    inventoryItem: ({ id }: { id: string }) => ofType('InventoryItem')(nodeById(ctx, id)),
    inventoryItems: (args: ListArgs) => {
      const search = parseSearch(args.query);
      const items = variantsOf(ctx).filter((v) => matches(search, v, variantSearch)).sort((a, b) => a.inventoryItemId - b.inventoryItemId);
      return connection(items, args, (v) => v.inventoryItemId, (v) => inventoryItemView(ctx, v));
    },
    inventoryLevel: ({ id }: { id: string }) => ofType('InventoryLevel')(nodeById(ctx, id)),
    location: ({ id }: { id?: string }) => (id ? ofType('Location')(nodeById(ctx, id)) : locationView(ctx, state.locations[0]!)),
    locations: (args: ListArgs) => {
      const search = parseSearch(args.query);
      const items = state.locations.filter((l) => matches(search, l, locationSearch));
      if ((args.sortKey ?? 'NAME') === 'NAME') items.sort(byKey((l) => l.name));
      return connection(items, args, (l) => l.nativeId, (l) => locationView(ctx, l));
    },
    order: ({ id }: { id: string }) => ofType('Order')(nodeById(ctx, id)),
    orders: (args: ListArgs) => {
      const search = parseSearch(args.query);
      return orderConnection(ctx, sortOrders(state.orders.filter((o) => matches(search, o, orderSearch)), args.sortKey), args);
    },
    customer: ({ id }: { id: string }) => ofType('Customer')(nodeById(ctx, id)),
    customers: (args: ListArgs) => {
      const search = parseSearch(args.query);
      const items = state.customers.filter((c) => matches(search, c, customerSearch));
      if (args.sortKey === 'CREATED_AT') items.sort(byKey((c) => c.createdAt));
      if (args.sortKey === 'NAME') items.sort(byKey((c) => `${c.lastName} ${c.firstName}`));
      return connection(items, args, (c) => c.legacyId, (c) => customerView(ctx, c));
    },
    webhookSubscription: ({ id }: { id: string }) => ofType('WebhookSubscription')(nodeById(ctx, id)),
    webhookSubscriptions: (args: ConnectionArgs & { topics?: string[] | null }) => {
      const items = state.webhooks.filter((w) => !args.topics?.length || args.topics.includes(w.topic));
      return connection(items, args, (w) => w.legacyId, (w) => webhookView(ctx, w));
    },
    job: ({ id }: { id: string }) => ({ id, done: true }),
    currentBulkOperation: ({ type }: { type?: string | null }) => {
      const last = type === 'MUTATION' ? undefined : state.bulkOperations.at(-1);
      return last ? bulkOperationView(last) : null;
    },
  };
}
