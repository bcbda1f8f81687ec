import type { MaterialRecord, ProductContent } from '@ucg/connector-core';
import type { ShopifyCollection } from '@ucg/connector-shopify';
import { categoryGid, type CatalogCategory, type CatalogProduct } from './catalog-product.ts';

/** What the ERP's material master tells the catalogue: which product a SKU belongs to, and names. */
export interface MasterData {
  /** Variant SKU → its generic article. */
  genericOf: ReadonlyMap<string, string>;
  /** Generic article → description per language. */
  names: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Every generic article the ERP holds. */
  generics: readonly string[];
}

export function masterDataOf(materials: readonly MaterialRecord[]): MasterData {
  const genericOf = new Map<string, string>();
  const names = new Map<string, Record<string, string>>();
  const generics: string[] = [];
  for (const m of materials) {
    if (m.kind === 'VARIANT' && m.genericMaterial) genericOf.set(m.material, m.genericMaterial);
    if (m.kind === 'GENERIC' || m.kind === 'SINGLE') {
      names.set(m.material, Object.fromEntries(m.names.map((n) => [n.language, n.value])));
      generics.push(m.material);
    }
    // A single article is sold as itself: its own SKU and product.
    if (m.kind === 'SINGLE') genericOf.set(m.material, m.material);
  }
  return { genericOf, names, generics };
}

/** Master data extended with materials read later (a product that appeared after start-up). */
export function withMaterials(master: MasterData, materials: readonly MaterialRecord[]): MasterData {
  const extra = masterDataOf(materials);
  return {
    genericOf: new Map([...master.genericOf, ...extra.genericOf]),
    names: new Map([...master.names, ...extra.names]),
    generics: [...new Set([...master.generics, ...extra.generics])],
  };
}

/** Categories by handle (web store collections) and by name (to place marketplace products in them). */
export interface Categories {
  byHandle: ReadonlyMap<string, CatalogCategory>;
  byName: ReadonlyMap<string, CatalogCategory>;
}

export function categoriesOf(collections: readonly ShopifyCollection[]): Categories {
  const all = collections.map((c) => ({ id: categoryGid(c.handle), handle: c.handle, name: c.title }));
  return { byHandle: new Map(all.map((c) => [c.handle, c])), byName: new Map(all.map((c) => [c.name.toLowerCase(), c])) };
}

function categoriesFor(content: ProductContent, categories: Categories): CatalogCategory[] {
  const known = (handle: string) => categories.byHandle.get(handle) ?? { id: categoryGid(handle), handle, name: handle };
  if (content.system === 'webstore') return (content.collections ?? []).map(known);
  // Marketplace categories have their own slugs; the web store's category of the same name is the one shoppers know.
  const named = content.productType ? categories.byName.get(content.productType.toLowerCase()) : undefined;
  if (named) return [named];
  return (content.collections ?? []).map((slug) => categories.byHandle.get(slug) ?? { id: categoryGid(slug), handle: slug, name: content.productType ?? slug });
}

/** The generic article a content product belongs to, by its variants' SKUs (the key every system shares). */
export function keyOf(content: ProductContent, master: MasterData): string | undefined {
  for (const v of content.variants) {
    const generic = master.genericOf.get(v.sku);
    if (generic) return generic;
  }
  return undefined;
}

/**
 * One catalogue product from a content system's product and the ERP's master data. Products the
 * ERP does not know (yet) keep a key of their own system, so they are still sold.
 */
export function catalogProduct(content: ProductContent, master: MasterData, categories: Categories): CatalogProduct {
  const key = keyOf(content, master) ?? `${content.system}-${content.nativeId.replace(/^gid:\/\/shopify\/Product\//, '')}`;
  return {
    key,
    handle: content.handle,
    source: content.system === 'marketplace' ? 'marketplace' : 'webstore',
    nativeId: content.nativeId,
    title: content.title,
    description: content.description,
    names: master.names.get(key) ?? {},
    vendor: content.vendor,
    tags: content.tags,
    images: content.images,
    categories: categoriesFor(content, categories),
    variants: content.variants.map((v) => ({ sku: v.sku, title: v.title, gtin: v.gtin, options: v.options })),
    createdAt: content.createdAt ?? null,
  };
}

/**
 * The catalogue from its sources: every web store product, plus marketplace products the web store
 * does not sell (a product in both is described by the web store).
 */
export function mergeCatalog(webstore: readonly ProductContent[], marketplace: readonly ProductContent[], master: MasterData, categories: Categories): CatalogProduct[] {
  const products = new Map<string, CatalogProduct>();
  for (const content of webstore) {
    const product = catalogProduct(content, master, categories);
    products.set(product.key, product);
  }
  for (const content of marketplace) {
    const product = catalogProduct(content, master, categories);
    if (!products.has(product.key)) products.set(product.key, product);
  }
  return [...products.values()];
}

/** Generic articles no web store product stands for: the ones to look for in the marketplace. */
export function genericsWithoutContent(master: MasterData, webstore: readonly ProductContent[]): string[] {
  const covered = new Set(webstore.map((c) => keyOf(c, master)).filter((k): k is string => !!k));
  return master.generics.filter((g) => !covered.has(g));
}
