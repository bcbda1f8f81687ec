/**
 * Shopify global ids. Numeric parts are derived from the seed so that every process (and every
 * restart) hands out the same ids; their magnitudes resemble real Shopify ids.
 */
export type GidType =
  | 'Product' | 'ProductVariant' | 'InventoryItem' | 'InventoryLevel' | 'Location' | 'Order' | 'LineItem'
  | 'Customer' | 'Collection' | 'MediaImage' | 'WebhookSubscription' | 'OrderTransaction' | 'Job' | 'PaymentMandate' | 'Shop'
  | 'BulkOperation';

export function gid(type: GidType, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

/** The numeric (or opaque) id at the end of a gid, or the input itself when it is already bare. */
export function parseGid(value: string, type?: GidType): string | undefined {
  const m = /^gid:\/\/shopify\/([A-Za-z]+)\/([^?]+)/.exec(value);
  if (!m) return /^\d+$/.test(value) ? value : undefined;
  if (type && m[1] !== type) return undefined;
  return m[2];
}

export const idBase = {
  product: 8_700_000_000_000,
  variant: 44_100_000_000_000,
  inventoryItem: 46_200_000_000_000,
  media: 31_500_000_000_000,
  collection: 480_000_000_000,
  order: 6_100_000_000_000,
  lineItem: 15_300_000_000_000,
  customer: 7_300_000_000_000,
  transaction: 9_900_000_000_000,
} as const;
