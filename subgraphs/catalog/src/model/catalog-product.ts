import type { ProductImage } from '@ucg/connector-core';

/** A category as shoppers browse it: a collection of the web store (or a marketplace category). */
export interface CatalogCategory {
  /** `gid://ucg/Category/<handle>`. */
  id: string;
  handle: string;
  name: string;
}

export interface CatalogVariant {
  sku: string;
  title: string;
  gtin: string | null;
  options: { name: string; value: string }[];
}

/**
 * One product of the catalogue, merged from the systems that know it: content from the web store
 * (or, for products only sold there, the marketplace), names per language from the ERP.
 */
export interface CatalogProduct {
  /** The ERP's generic article: the product's identity in every system. */
  key: string;
  handle: string;
  /** The system the content comes from. */
  source: 'webstore' | 'marketplace';
  /** The content system's own id (webhooks name it). */
  nativeId: string;
  /** English, as the content system holds it. */
  title: string;
  description: string;
  /** The ERP's descriptions per language (lower-case ISO 639-1 → text, at most 40 characters). */
  names: Readonly<Record<string, string>>;
  vendor: string | null;
  tags: string[];
  images: ProductImage[];
  categories: CatalogCategory[];
  variants: CatalogVariant[];
  createdAt: string | null;
}

export const productGid = (key: string) => `gid://ucg/Product/${key}`;
export const categoryGid = (handle: string) => `gid://ucg/Category/${handle}`;

/** The key inside a product gid; undefined for anything else. */
export function productKeyOf(id: string): string | undefined {
  const m = /^gid:\/\/ucg\/Product\/(.+)$/.exec(id);
  return m?.[1];
}
