import { money, type ProductContent, type VariantContent } from '@ucg/connector-core';
import type { PageInfo } from '../cost-planning.ts';

/** The shop's currency: Shopify quotes variant prices in it. */
export const SHOP_CURRENCY = 'USD';

export interface ShopifyVariant {
  id: string;
  sku: string | null;
  title: string;
  barcode: string | null;
  price?: string | null;
  compareAtPrice?: string | null;
  selectedOptions: { name: string; value: string }[];
}

export interface ShopifyProduct {
  id: string;
  handle: string;
  title: string;
  description: string;
  vendor: string;
  productType?: string | null;
  tags: string[];
  createdAt?: string | null;
  collections?: { nodes: { handle: string }[] };
  media?: { nodes: { image?: { url: string; altText: string | null } | null }[] };
  images?: { nodes: { url: string; altText: string | null }[] };
  variants: { nodes: ShopifyVariant[]; pageInfo?: PageInfo };
}

/** Shopify variant → canonical variant (prices in the shop currency). */
export function mapVariant(v: ShopifyVariant & { sku: string }): VariantContent {
  return {
    sku: v.sku,
    nativeId: v.id,
    title: v.title,
    options: v.selectedOptions,
    gtin: v.barcode,
    ...(v.price !== undefined ? { price: v.price === null ? null : money(v.price, SHOP_CURRENCY) } : {}),
    ...(v.compareAtPrice !== undefined ? { compareAtPrice: v.compareAtPrice ? money(v.compareAtPrice, SHOP_CURRENCY) : null } : {}),
  };
}

/** Shopify product → canonical product content (variants without a SKU cannot be joined and are dropped). */
export function mapProduct(p: ShopifyProduct): ProductContent {
  const images = p.media
    ? p.media.nodes.flatMap((m) => (m.image ? [{ url: m.image.url, altText: m.image.altText }] : []))
    : (p.images?.nodes ?? []).map((i) => ({ url: i.url, altText: i.altText }));
  return {
    system: 'webstore',
    nativeId: p.id,
    handle: p.handle,
    title: p.title,
    description: p.description,
    images,
    tags: p.tags,
    vendor: p.vendor,
    variants: p.variants.nodes.filter((v): v is ShopifyVariant & { sku: string } => !!v.sku).map(mapVariant),
    ...(p.productType !== undefined ? { productType: p.productType || null } : {}),
    ...(p.collections ? { collections: p.collections.nodes.map((c) => c.handle) } : {}),
    ...(p.createdAt !== undefined ? { createdAt: p.createdAt } : {}),
  };
}
