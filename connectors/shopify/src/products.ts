import type { ProductContent, VariantContent } from '@ucg/connector-core';
import type { ShopifyClient } from './client.ts';
import { PageSizer, chunk, fetchPages, searchValue, splitByCost, type Page } from './cost-planning.ts';
import { mapProduct, mapVariant, type ShopifyProduct, type ShopifyVariant } from './map/product.ts';

export const VARIANT_FIELDS = 'id sku title barcode price compareAtPrice selectedOptions { name value }';
/** Product fields with the first `variants` variants; a product with more is paged separately. */
const productFields = (variants: number) => /* GraphQL */ `
  id handle title description vendor productType tags createdAt
  collections(first: 5) { nodes { handle } }
  media(first: 10) { nodes { ... on MediaImage { image { url altText } } } }
  variants(first: ${variants}) { nodes { ${VARIANT_FIELDS} } pageInfo { hasNextPage endCursor } }
`;
/** A product page wants every variant in its one request (Shopify's classic limit was 100). */
const BY_HANDLE_FIELDS = productFields(100);
/** Walks ask for fewer so that a page holds more products; the rare larger product is completed after. */
const LISTING_FIELDS = productFields(20);

/** A variant found by SKU, with the product it belongs to and its inventory item. */
export interface VariantLookup extends VariantContent {
  productNativeId: string;
  productHandle: string;
  inventoryItemNativeId: string;
}

/** Pages the rest of a product's variants when it has more than one query fetched. */
async function completeVariants(client: ShopifyClient, product: ShopifyProduct): Promise<ShopifyProduct> {
  if (!product.variants.pageInfo?.hasNextPage) return product;
  const rest = await fetchPages<ShopifyVariant>(async (first, after) => {
    const data = await client.request<{ product: { variants: Page<ShopifyVariant> } }>(
      `query MoreVariants($id: ID!, $first: Int!, $after: String) { product(id: $id) { variants(first: $first, after: $after) { nodes { ${VARIANT_FIELDS} } pageInfo { hasNextPage endCursor } } } }`,
      { id: product.id, first, after },
    );
    return data.product.variants;
  }, new PageSizer(250), Number.POSITIVE_INFINITY, product.variants.pageInfo.endCursor);
  return { ...product, variants: { nodes: [...product.variants.nodes, ...rest.nodes] } };
}

/**
 * Products by handle in one request (one aliased `productByIdentifier` per handle), split only
 * when Shopify says the batch costs more than one query may. Answers in the order asked, with
 * null where the shop has no such product.
 */
export async function productsByHandles(client: ShopifyClient, handles: readonly string[]): Promise<(ProductContent | null)[]> {
  const unique = [...new Set(handles)];
  const found = new Map<string, ShopifyProduct>();
  await splitByCost(unique, async (batch) => {
    const vars = batch.map((_, i) => `$h${i}: String!`).join(', ');
    const fields = batch.map((_, i) => `p${i}: productByIdentifier(identifier: { handle: $h${i} }) { ${BY_HANDLE_FIELDS} }`).join('\n');
    const data = await client.request<Record<string, ShopifyProduct | null>>(
      `query ProductsByHandle(${vars}) {\n${fields}\n}`,
      Object.fromEntries(batch.map((h, i) => [`h${i}`, h])),
    );
    batch.forEach((h, i) => { const p = data[`p${i}`]; if (p) found.set(h, p); });
    return [...batch];
  });
  const complete = new Map<string, ProductContent>();
  for (const [handle, product] of found) complete.set(handle, mapProduct(await completeVariants(client, product)));
  return handles.map((h) => complete.get(h) ?? null);
}

/**
 * Every product in the shop, walking all pages (for the catalogue's search index): content,
 * images, tags, collections and variants with prices.
 */
export async function listProducts(client: ShopifyClient, sizer: PageSizer, query?: string): Promise<ProductContent[]> {
  const all = await fetchPages<ShopifyProduct>(async (first, after) => {
    const data = await client.request<{ products: Page<ShopifyProduct> }>(
      `query ListProducts($first: Int!, $after: String, $query: String) { products(first: $first, after: $after, query: $query, sortKey: ID) { nodes { ${LISTING_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
      { first, after, query: query ?? null },
    );
    return data.products;
  }, sizer);
  const products: ProductContent[] = [];
  for (const p of all.nodes) products.push(mapProduct(await completeVariants(client, p)));
  return products;
}

interface VariantNode extends ShopifyVariant {
  product: { id: string; handle: string };
  inventoryItem: { id: string };
}

/** Variants by SKU (`productVariants(query: "sku:… OR sku:…")`), in batches the cost limit allows. */
export async function variantsBySkus(client: ShopifyClient, skus: readonly string[]): Promise<VariantLookup[]> {
  const wanted = [...new Set(skus)];
  const found: VariantLookup[] = [];
  for (const batch of chunk(wanted, 50)) {
    const page = await fetchPages<VariantNode>(async (first, after) => {
      const data = await client.request<{ productVariants: Page<VariantNode> }>(
        `query VariantsBySku($first: Int!, $after: String, $query: String!) { productVariants(first: $first, after: $after, query: $query) { nodes { ${VARIANT_FIELDS} product { id handle } inventoryItem { id } } pageInfo { hasNextPage endCursor } } }`,
        { first, after, query: batch.map((s) => `sku:${searchValue(s)}`).join(' OR ') },
      );
      return data.productVariants;
    }, new PageSizer(batch.length));
    for (const v of page.nodes) {
      if (!v.sku || !batch.includes(v.sku)) continue;
      found.push({ ...mapVariant({ ...v, sku: v.sku }), productNativeId: v.product.id, productHandle: v.product.handle, inventoryItemNativeId: v.inventoryItem.id });
    }
  }
  return found;
}
