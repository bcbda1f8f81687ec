import type { Location } from '@ucg/legacy-seed';
import type { CustomerRec, LevelRec, OrderRec, ProductRec, VariantRec } from '../shop-state.ts';
import type { SearchFields } from './search-query.ts';

/** The search fields each list supports, named as Shopify documents them. */
export const productSearch: SearchFields<ProductRec> = {
  fields: {
    id: (p) => p.legacyId,
    handle: (p) => p.seed.handle,
    title: (p) => p.seed.title.en,
    vendor: (p) => p.seed.vendor,
    product_type: (p) => p.productType,
    tag: (p) => p.seed.tags,
    sku: (p) => p.variants.map((v) => v.sku),
    barcode: (p) => p.variants.map((v) => v.barcode),
    status: () => 'active',
    created_at: (p) => p.seed.createdAt,
    updated_at: (p) => p.seed.createdAt,
    collection_id: (p) => p.collection.legacyId,
  },
  defaults: ['title', 'vendor', 'product_type', 'tag', 'sku'],
};

export const variantSearch: SearchFields<VariantRec> = {
  fields: {
    id: (v) => v.legacyId,
    sku: (v) => v.sku,
    barcode: (v) => v.barcode,
    title: (v) => v.title,
    product_id: (v) => v.productLegacyId,
    inventory_item_id: (v) => v.inventoryItemId,
  },
  defaults: ['sku', 'title', 'barcode'],
};

export const locationSearch: SearchFields<Location> = {
  fields: {
    id: (l) => l.nativeId,
    location_id: (l) => l.nativeId,
    name: (l) => l.name,
    city: (l) => l.address.city,
    country: (l) => l.address.countryCode,
    province: (l) => l.address.province,
    zip: (l) => l.address.postalCode,
    address1: (l) => l.address.line1,
    active: () => 'true',
    pickup_in_store: (l) => (l.pickup ? 'enabled' : 'disabled'),
  },
  defaults: ['name', 'city'],
};

export const inventoryLevelSearch: SearchFields<LevelRec> = {
  fields: {
    inventory_item_id: (l) => l.inventoryItemId,
    location_id: (l) => l.locationId,
    created_at: (l) => l.createdAt,
    updated_at: (l) => l.updatedAt,
  },
  defaults: [],
};

const fulfillmentSearch: Record<OrderRec['fulfillment'], string[]> = {
  UNFULFILLED: ['unshipped', 'unfulfilled'],
  IN_PROGRESS: ['unshipped', 'unfulfilled', 'in_progress'],
  FULFILLED: ['shipped', 'fulfilled'],
};

export const orderSearch: SearchFields<OrderRec> = {
  fields: {
    id: (o) => o.legacyId,
    name: (o) => [`#${o.number}`, String(o.number)],
    email: (o) => o.email,
    created_at: (o) => o.createdAt,
    processed_at: (o) => o.createdAt,
    updated_at: (o) => o.cancelledAt ?? o.createdAt,
    source_name: (o) => o.sourceName,
    financial_status: (o) => o.financial.toLowerCase(),
    fulfillment_status: (o) => fulfillmentSearch[o.fulfillment],
    status: (o) => (o.cancelledAt ? 'cancelled' : o.fulfillment === 'FULFILLED' ? 'closed' : 'open'),
    customer_id: (o) => o.customerLegacyId,
    location_id: (o) => o.retailLocationId,
    sku: (o) => o.lines.map((l) => l.sku),
  },
  defaults: ['name', 'email', 'sku'],
};

export const customerSearch: SearchFields<CustomerRec> = {
  fields: {
    id: (c) => c.legacyId,
    email: (c) => c.email,
    first_name: (c) => c.firstName,
    last_name: (c) => c.lastName,
    phone: (c) => c.phone,
    country: (c) => c.address.countryCode,
    created_at: (c) => c.createdAt,
    updated_at: (c) => c.updatedAt,
  },
  defaults: ['first_name', 'last_name', 'email'],
};
