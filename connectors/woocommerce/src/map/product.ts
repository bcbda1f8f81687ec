import { money, type ProductContent, type VariantContent } from '@ucg/connector-core';
import type { WooProduct, WooVariation } from '../types.ts';
import { decodeEntities, gmtToIso, htmlToText } from './text.ts';

function variant(v: WooVariation, currency: string): VariantContent | undefined {
  if (!v.sku) return undefined;
  const options = v.attributes.map((a) => ({ name: decodeEntities(a.name), value: decodeEntities(a.option) }));
  return {
    sku: v.sku,
    nativeId: String(v.id),
    title: options.map((o) => o.value).join(' / ') || 'Default',
    options,
    gtin: v.global_unique_id || null,
    price: v.price ? money(v.price, currency) : null,
    compareAtPrice: v.on_sale && v.regular_price ? money(v.regular_price, currency) : null,
  };
}

/**
 * WooCommerce product (+ its variations) → canonical product content. A simple product is its own
 * single variant. Variations without a SKU cannot be joined with other systems and are dropped.
 * Prices are in the shop's base currency (WooCommerce keeps one).
 */
export function mapProduct(p: WooProduct, variations: WooVariation[], currency: string): ProductContent {
  const variants = p.type === 'variable'
    ? [...variations].sort((a, b) => a.menu_order - b.menu_order || a.id - b.id).map((v) => variant(v, currency))
    : [variant({ id: p.id, sku: p.sku, global_unique_id: p.global_unique_id ?? '', status: p.status, price: p.price, regular_price: p.regular_price, sale_price: p.sale_price, on_sale: p.on_sale, menu_order: 0, attributes: [] }, currency)];
  return {
    system: 'marketplace',
    nativeId: String(p.id),
    handle: p.slug,
    title: decodeEntities(p.name),
    description: htmlToText(p.description || p.short_description),
    images: (p.images ?? []).map((i) => ({ url: i.src, altText: i.alt ? decodeEntities(i.alt) : null })),
    tags: (p.tags ?? []).map((t) => decodeEntities(t.name)),
    vendor: p.brands?.[0] ? decodeEntities(p.brands[0].name) : null,
    variants: variants.filter((v): v is VariantContent => v !== undefined),
    productType: p.categories?.[0] ? decodeEntities(p.categories[0].name) : null,
    collections: (p.categories ?? []).map((c) => c.slug),
    createdAt: gmtToIso(p.date_created_gmt),
  };
}
