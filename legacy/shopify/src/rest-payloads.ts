import { escapeHtml } from './graphql/views.ts';
import { gid, idBase } from './ids.ts';
import { shopifyDecimal } from './money.ts';
import { SHOP_CURRENCY, type LevelRec, type OrderRec, type ProductRec, type ShopState } from './shop-state.ts';

/**
 * Webhook bodies. Shopify delivers REST-resource JSON (snake_case, numeric ids, money as strings
 * with two decimals) even to apps that use GraphQL, whatever API version they subscribe with.
 */
export function inventoryLevelPayload(level: LevelRec) {
  return {
    inventory_item_id: level.inventoryItemId,
    location_id: Number(level.locationId),
    available: level.onHand - level.committed,
    updated_at: level.updatedAt,
    admin_graphql_api_id: gid('InventoryLevel', `${level.locationId}?inventory_item_id=${level.inventoryItemId}`),
  };
}

const rest = (cents: number) => (cents / 100).toFixed(2);

export function orderPayload(state: ShopState, o: OrderRec) {
  const customer = o.customerLegacyId ? state.customers.find((c) => c.legacyId === o.customerLegacyId) : undefined;
  const set = (cents: number) => ({
    shop_money: { amount: rest(state.toShopCents(o, cents)), currency_code: SHOP_CURRENCY },
    presentment_money: { amount: rest(cents), currency_code: o.currency },
  });
  return {
    id: o.legacyId,
    admin_graphql_api_id: gid('Order', o.legacyId),
    name: `#${o.number}`,
    number: o.number - 1000,
    order_number: o.number,
    email: o.email,
    contact_email: o.email,
    created_at: o.createdAt,
    processed_at: o.createdAt,
    updated_at: o.createdAt,
    cancelled_at: o.cancelledAt,
    currency: SHOP_CURRENCY,
    presentment_currency: o.currency,
    subtotal_price: rest(o.subtotalCents),
    total_tax: rest(o.taxCents),
    total_price: rest(o.totalCents),
    total_price_set: set(o.totalCents),
    subtotal_price_set: set(o.subtotalCents),
    total_tax_set: set(o.taxCents),
    total_shipping_price_set: set(o.shippingCents),
    financial_status: o.financial.toLowerCase(),
    fulfillment_status: o.fulfillment === 'FULFILLED' ? 'fulfilled' : null,
    source_name: o.sourceName,
    location_id: o.retailLocationId ? Number(o.retailLocationId) : null,
    test: false,
    line_items: o.lines.map((l) => ({
      id: l.legacyId,
      admin_graphql_api_id: gid('LineItem', l.legacyId),
      sku: l.sku,
      title: l.title,
      variant_title: l.variantTitle || null,
      name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
      quantity: l.quantity,
      price: rest(l.unitCents),
      price_set: set(l.unitCents),
      variant_id: l.variantLegacyId,
      product_id: l.productLegacyId,
    })),
    customer: customer ? { id: customer.legacyId, email: customer.email, first_name: customer.firstName, last_name: customer.lastName, admin_graphql_api_id: gid('Customer', customer.legacyId) } : null,
    shipping_address: o.shippingAddress ? {
      address1: o.shippingAddress.line1, city: o.shippingAddress.city, province_code: o.shippingAddress.province ?? null,
      zip: o.shippingAddress.postalCode, country_code: o.shippingAddress.countryCode,
    } : null,
  };
}


/** The REST product resource (products/update), with its variants, options and images. */
export function productPayload(rec: ProductRec, updatedAt: string) {
  const p = rec.seed;
  const optionNames = [...new Set(rec.variants.flatMap((v) => v.options.map((o) => o.name)))];
  return {
    id: rec.legacyId,
    admin_graphql_api_id: gid('Product', rec.legacyId),
    title: p.title.en,
    body_html: `<p>${escapeHtml(p.description.en)}</p>`,
    vendor: p.vendor,
    product_type: rec.productType,
    handle: p.handle,
    created_at: p.createdAt,
    updated_at: updatedAt,
    published_at: p.createdAt,
    status: 'active',
    tags: [...p.tags].sort().join(', '),
    variants: rec.variants.map((v) => ({
      id: v.legacyId,
      admin_graphql_api_id: gid('ProductVariant', v.legacyId),
      product_id: rec.legacyId,
      title: v.title,
      sku: v.sku,
      barcode: v.barcode,
      position: v.position,
      price: shopifyDecimal(v.priceCents),
      compare_at_price: v.compareAtCents === null ? null : shopifyDecimal(v.compareAtCents),
      inventory_item_id: v.inventoryItemId,
      ...Object.fromEntries(optionNames.map((name, i) => [`option${i + 1}`, v.options.find((o) => o.name === name)?.value ?? null])),
    })),
    options: optionNames.map((name, i) => ({ product_id: rec.legacyId, name, position: i + 1, values: [...new Set(rec.variants.flatMap((v) => v.options.filter((o) => o.name === name).map((o) => o.value)))] })),
    images: p.images.map((image, i) => ({ id: idBase.media + rec.legacyId % 1_000_000 * 10 + i, product_id: rec.legacyId, position: i + 1, src: image.url, alt: image.altText })),
  };
}
