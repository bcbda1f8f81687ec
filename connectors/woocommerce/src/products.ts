import type { ProductContent } from '@ucg/connector-core';
import { mapLimit, type WooClient } from './client.ts';
import { mapProduct } from './map/product.ts';
import type { WooProduct, WooVariation } from './types.ts';

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every variation of a variable product (the API has no batch read across products). */
function variationsOf(client: WooClient, productId: number): Promise<WooVariation[]> {
  return client.all<WooVariation>(`products/${productId}/variations`, { status: 'publish', orderby: 'menu_order', order: 'asc' });
}

async function withVariations(client: WooClient, products: WooProduct[], currency: string): Promise<ProductContent[]> {
  return mapLimit(products, client.config.concurrency, async (p) => mapProduct(p, p.type === 'variable' ? await variationsOf(client, p.id) : [], currency));
}

/**
 * The products that sell any of `skus` (a product's own SKU or one of its variations'), each once,
 * with all its variants. `products?sku=a,b,…` matches variations too, so one request per chunk
 * of SKUs finds them; parents not in that answer are fetched with `include=`.
 */
export async function productsBySkus(client: WooClient, skus: readonly string[], currency: string): Promise<ProductContent[]> {
  const wanted = [...new Set(skus.filter(Boolean))];
  if (!wanted.length) return [];
  const found = (await mapLimit(chunks(wanted, client.config.skusPerRequest), client.config.concurrency, (chunk) =>
    client.all<WooProduct>('products', { sku: chunk.join(','), status: 'publish' }))).flat();
  const parents = new Map<number, WooProduct>();
  const missing = new Set<number>();
  for (const item of found) {
    if (item.type !== 'variation') parents.set(item.id, item);
    else if (item.parent_id) missing.add(item.parent_id);
  }
  const toFetch = [...missing].filter((id) => !parents.has(id));
  for (const chunk of chunks(toFetch, 100)) {
    for (const p of await client.all<WooProduct>('products', { include: chunk.join(','), status: 'publish' })) parents.set(p.id, p);
  }
  return withVariations(client, [...parents.values()].sort((a, b) => a.id - b.id), currency);
}

/** Every published product with its variants, walking all pages (id order keeps pages stable while the shop changes). */
export async function* iterateProducts(client: WooClient, currency: string): AsyncGenerator<ProductContent[]> {
  for await (const page of client.pages<WooProduct>('products', { status: 'publish', orderby: 'id', order: 'asc' })) {
    yield await withVariations(client, page, currency);
  }
}

export async function listProducts(client: WooClient, currency: string): Promise<ProductContent[]> {
  const out: ProductContent[] = [];
  for await (const page of iterateProducts(client, currency)) out.push(...page);
  return out;
}
