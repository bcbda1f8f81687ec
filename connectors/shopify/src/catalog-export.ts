import type { ProductContent } from '@ucg/connector-core';
import { childrenByParent, runBulkQuery, type BulkLine } from './bulk.ts';
import type { ShopifyClient } from './client.ts';
import { PageSizer, fetchPages, type Page } from './cost-planning.ts';
import { mapProduct, type ShopifyProduct } from './map/product.ts';
import { VARIANT_FIELDS } from './products.ts';

/** A collection of the shop (the catalogue's categories). */
export interface ShopifyCollection {
  nativeId: string;
  handle: string;
  title: string;
}

/** The listing fields of `products.ts`, as a bulk query (no page sizes: the export walks everything). */
const EXPORT_QUERY = /* GraphQL */ `{ products { edges { node {
  id handle title description vendor productType tags createdAt
  collections { edges { node { id handle } } }
  media { edges { node { ... on MediaImage { id image { url altText } } } } }
  variants { edges { node { ${VARIANT_FIELDS} } } }
} } } }`;

const gidType = (id: unknown) => (typeof id === 'string' ? /^gid:\/\/shopify\/(\w+)\//.exec(id)?.[1] : undefined);

/**
 * Every product with images, tags, collections and priced variants, through one bulk operation:
 * a paged walk of a large shop spends the query-cost bucket for minutes, an export does not.
 */
export async function exportProducts(client: ShopifyClient): Promise<ProductContent[]> {
  const lines = await runBulkQuery(client, EXPORT_QUERY);
  const children = childrenByParent(lines);
  return lines.filter((line) => line.__parentId === undefined).map((product) => {
    const own = children.get(product.id ?? '') ?? [];
    // Child lines of all three connections share the parent; their gid says which one they belong to.
    const of = <T>(type: string) => own.filter((child: BulkLine) => gidType(child.id) === type) as unknown as T[];
    type Nodes<K extends 'collections' | 'media' | 'variants'> = NonNullable<ShopifyProduct[K]>['nodes'][number];
    return mapProduct({
      ...(product as unknown as ShopifyProduct),
      collections: { nodes: of<Nodes<'collections'>>('Collection') },
      media: { nodes: of<Nodes<'media'>>('MediaImage') },
      variants: { nodes: of<Nodes<'variants'>>('ProductVariant') },
    });
  });
}

/** Every collection (handle and title), all pages. */
export async function listCollections(client: ShopifyClient): Promise<ShopifyCollection[]> {
  const all = await fetchPages<{ id: string; handle: string; title: string }>(async (first, after) => {
    const data = await client.request<{ collections: Page<{ id: string; handle: string; title: string }> }>(
      'query Collections($first: Int!, $after: String) { collections(first: $first, after: $after) { nodes { id handle title } pageInfo { hasNextPage endCursor } } }',
      { first, after },
    );
    return data.collections;
  }, new PageSizer(250));
  return all.nodes.map((c) => ({ nativeId: c.id, handle: c.handle, title: c.title }));
}
