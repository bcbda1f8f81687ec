import { GraphQLError } from 'graphql';
import type { Address, Location } from '@ucg/legacy-seed';
import { gid, idBase, parseGid } from '../ids.ts';
import { shopifyDecimal } from '../money.ts';
import { SHOP_CURRENCY, levelKey, type LevelRec, type ProductRec, type ShopState, type VariantRec } from '../shop-state.ts';
import { connection, type ConnectionArgs } from './connection.ts';
import { matches, parseSearch } from './search-query.ts';
import { inventoryLevelSearch } from './search-specs.ts';

/** Everything a view needs: the data and the shop's identity. */
export interface ViewContext {
  state: ShopState;
  shopDomain: string;
  apiVersion: string;
}

const QUANTITY_NAMES = new Set(['available', 'on_hand', 'committed', 'incoming', 'reserved', 'damaged', 'safety_stock', 'quality_control']);
export const countryNames: Record<string, string> = { US: 'United States', GB: 'United Kingdom', DE: 'Germany', NL: 'Netherlands', FR: 'France', CA: 'Canada' };

export const moneyV2 = (cents: number, currencyCode: string) => ({ amount: shopifyDecimal(cents), currencyCode });

function available(level: LevelRec): number {
  return level.onHand - level.committed;
}

export function productView(ctx: ViewContext, rec: ProductRec) {
  const p = rec.seed;
  const prices = rec.variants.map((v) => v.priceCents);
  const images = p.images.map((image, i) => ({ id: gid('MediaImage', idBase.media + rec.legacyId % 1_000_000 * 10 + i), url: image.url, altText: image.altText, width: 2048, height: 2048 }));
  const media = images.map((image) => ({
    __typename: 'MediaImage', id: image.id, alt: image.altText, mediaContentType: 'IMAGE', status: 'READY', mimeType: 'image/jpeg',
    image, preview: { image, status: 'READY' },
  }));
  const totalInventory = rec.variants.reduce((sum, v) => sum + ctx.state.levelsForItem(v.inventoryItemId).reduce((s, l) => s + available(l), 0), 0);
  const optionNames = [...new Set(rec.variants.flatMap((v) => v.options.map((o) => o.name)))];
  return {
    __typename: 'Product',
    id: gid('Product', rec.legacyId),
    legacyResourceId: String(rec.legacyId),
    handle: p.handle,
    title: p.title.en,
    description: ({ truncateAt }: { truncateAt?: number | null }) => (truncateAt && p.description.en.length > truncateAt ? `${p.description.en.slice(0, truncateAt - 3)}...` : p.description.en),
    descriptionHtml: `<p>${escapeHtml(p.description.en)}</p>`,
    vendor: p.vendor,
    productType: rec.productType,
    tags: [...p.tags].sort(),
    status: 'ACTIVE',
    createdAt: p.createdAt,
    updatedAt: p.createdAt,
    publishedAt: p.createdAt,
    onlineStoreUrl: `https://${ctx.shopDomain.replace('.myshopify.com', '.example')}/products/${p.handle}`,
    totalInventory,
    tracksInventory: true,
    options: ({ first }: { first?: number | null }) => optionNames.slice(0, first ?? undefined).map((name, i) => ({
      id: gid('Product', `${rec.legacyId}/option/${i + 1}`), name, position: i + 1,
      values: [...new Set(rec.variants.flatMap((v) => v.options.filter((o) => o.name === name).map((o) => o.value)))],
    })),
    priceRangeV2: { minVariantPrice: moneyV2(prices.length ? Math.min(...prices) : 0, SHOP_CURRENCY), maxVariantPrice: moneyV2(Math.max(...prices, 0), SHOP_CURRENCY) },
    featuredMedia: media[0] ?? null,
    media: (args: ConnectionArgs) => connection(media, args, (m) => m.id),
    images: (args: ConnectionArgs) => connection(images, args, (m) => m.id),
    collections: (args: ConnectionArgs) => connection([rec.collection], args, (c) => c.legacyId, (c) => collectionView(ctx, c)),
    variants: (args: ConnectionArgs & { sortKey?: string }) => connection(rec.variants, args, (v) => v.legacyId, (v) => variantView(ctx, v)),
    variantsCount: { count: rec.variants.length, precision: 'EXACT' },
  };
}

export function collectionView(ctx: ViewContext, c: { legacyId: number; handle: string; title: string }) {
  return {
    __typename: 'Collection', id: gid('Collection', c.legacyId), legacyResourceId: String(c.legacyId), handle: c.handle, title: c.title,
    productsCount: () => ({ count: ctx.state.products.filter((p) => p.collection.legacyId === c.legacyId).length, precision: 'EXACT' }),
  };
}

export function variantView(ctx: ViewContext, v: VariantRec) {
  const product = ctx.state.productByLegacyId.get(v.productLegacyId)!;
  const quantity = ctx.state.levelsForItem(v.inventoryItemId).reduce((s, l) => s + available(l), 0);
  return {
    __typename: 'ProductVariant',
    id: gid('ProductVariant', v.legacyId),
    legacyResourceId: String(v.legacyId),
    sku: v.sku,
    title: v.title,
    displayName: `${product.seed.title.en} - ${v.title}`,
    barcode: v.barcode,
    position: v.position,
    price: shopifyDecimal(v.priceCents),
    compareAtPrice: v.compareAtCents === null ? null : shopifyDecimal(v.compareAtCents),
    selectedOptions: v.options,
    availableForSale: quantity > 0,
    inventoryQuantity: quantity,
    createdAt: product.seed.createdAt,
    updatedAt: product.seed.createdAt,
    product: () => productView(ctx, product),
    inventoryItem: () => inventoryItemView(ctx, v),
  };
}

export function inventoryItemView(ctx: ViewContext, v: VariantRec) {
  const product = ctx.state.productByLegacyId.get(v.productLegacyId)!;
  return {
    __typename: 'InventoryItem',
    id: gid('InventoryItem', v.inventoryItemId),
    legacyResourceId: String(v.inventoryItemId),
    sku: v.sku,
    tracked: true,
    requiresShipping: true,
    createdAt: product.seed.createdAt,
    updatedAt: product.seed.createdAt,
    variant: () => variantView(ctx, v),
    variants: (args: ConnectionArgs) => connection([v], args, (x) => x.legacyId, (x) => variantView(ctx, x)),
    inventoryLevel: ({ locationId }: { locationId: string }) => {
      const level = ctx.state.levels.get(levelKey(v.inventoryItemId, parseGid(locationId, 'Location') ?? ''));
      return level ? inventoryLevelView(ctx, level) : null;
    },
    inventoryLevels: (args: ConnectionArgs & { query?: string | null }) => {
      const search = parseSearch(args.query);
      const levels = ctx.state.levelsForItem(v.inventoryItemId).filter((l) => matches(search, l, inventoryLevelSearch));
      return connection(levels, args, (l) => l.locationId, (l) => inventoryLevelView(ctx, l));
    },
  };
}

export function inventoryLevelView(ctx: ViewContext, level: LevelRec) {
  const variant = ctx.state.variantByItemId.get(level.inventoryItemId)!;
  const location = ctx.state.location(level.locationId)!;
  const id = gid('InventoryLevel', `${level.locationId}?inventory_item_id=${level.inventoryItemId}`);
  return {
    __typename: 'InventoryLevel',
    id,
    item: () => inventoryItemView(ctx, variant),
    location: () => locationView(ctx, location),
    quantities: ({ names }: { names: string[] }) => names.map((name) => {
      if (!QUANTITY_NAMES.has(name)) {
        throw new GraphQLError(`The quantity name '${name}' is not valid. Valid names are: ${[...QUANTITY_NAMES].join(', ')}.`, { extensions: { code: 'BAD_REQUEST' } });
      }
      const quantity = name === 'available' ? available(level) : name === 'on_hand' ? level.onHand : name === 'committed' ? level.committed : 0;
      return { id: `gid://shopify/InventoryQuantity/${level.locationId}?inventory_item_id=${level.inventoryItemId}&name=${name}`, name, quantity, updatedAt: ['available', 'on_hand', 'committed'].includes(name) ? level.updatedAt : null };
    }),
    isActive: true,
    canDeactivate: level.committed === 0,
    createdAt: level.createdAt,
    updatedAt: level.updatedAt,
  };
}

export function addressLines(a: Address): string[] {
  return [a.line1, `${a.city}${a.province ? ` ${a.province}` : ''} ${a.postalCode}`, countryNames[a.countryCode] ?? a.countryCode];
}

export function locationView(ctx: ViewContext, l: Location) {
  return {
    __typename: 'Location',
    id: gid('Location', l.nativeId),
    legacyResourceId: l.nativeId,
    name: l.name,
    isActive: true,
    activatable: true,
    deletable: false,
    fulfillsOnlineOrders: l.sellable,
    shipsInventory: l.sellable,
    hasActiveInventory: true,
    isFulfillmentService: false,
    address: {
      address1: l.address.line1, address2: null, city: l.address.city, province: l.address.province ?? null, provinceCode: l.address.province ?? null,
      zip: l.address.postalCode, country: countryNames[l.address.countryCode] ?? l.address.countryCode, countryCode: l.address.countryCode,
      phone: null, latitude: l.latitude, longitude: l.longitude, formatted: addressLines(l.address),
    },
    localPickupSettingsV2: l.pickup ? { pickupTime: 'TWO_HOURS', instructions: `Collect from the ${l.name} store counter with your order confirmation.` } : null,
    createdAt: '2023-03-01T09:00:00Z',
    updatedAt: '2023-03-01T09:00:00Z',
    inventoryLevel: ({ inventoryItemId }: { inventoryItemId: string }) => {
      const level = ctx.state.levels.get(levelKey(Number(parseGid(inventoryItemId, 'InventoryItem')), l.nativeId));
      return level ? inventoryLevelView(ctx, level) : null;
    },
    inventoryLevels: (args: ConnectionArgs & { query?: string | null }) => {
      const search = parseSearch(args.query);
      const levels = [...ctx.state.levels.values()].filter((x) => x.locationId === l.nativeId && matches(search, x, inventoryLevelSearch));
      levels.sort((a, b) => a.inventoryItemId - b.inventoryItemId);
      return connection(levels, args, (x) => x.inventoryItemId, (x) => inventoryLevelView(ctx, x));
    },
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
