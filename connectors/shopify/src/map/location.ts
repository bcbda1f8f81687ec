import type { LocationRecord, StockRecord } from '@ucg/connector-core';

export interface ShopifyLocation {
  id: string;
  legacyResourceId: string;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  isFulfillmentService: boolean;
  address: {
    address1: string | null;
    address2: string | null;
    city: string | null;
    provinceCode: string | null;
    zip: string | null;
    countryCode: string | null;
    latitude: number | null;
    longitude: number | null;
  };
  localPickupSettingsV2: { pickupTime: string } | null;
}

/** Shopify location → canonical location; its native id is the numeric id stock records use. */
export function mapLocation(l: ShopifyLocation): LocationRecord {
  return {
    system: 'webstore',
    nativeId: l.legacyResourceId,
    name: l.name,
    // Shopify does not type locations; in this shop every own location is a retail store.
    type: l.isFulfillmentService ? 'FULFILLMENT_CENTER' : 'STORE',
    address: l.address.address1 && l.address.city && l.address.countryCode ? {
      line1: l.address.address1, line2: l.address.address2, city: l.address.city, province: l.address.provinceCode,
      postalCode: l.address.zip, countryCode: l.address.countryCode,
    } : null,
    timezone: null,
    active: l.isActive,
    latitude: l.address.latitude,
    longitude: l.address.longitude,
    pickupEnabled: l.localPickupSettingsV2 !== null,
    fulfillsOnlineOrders: l.fulfillsOnlineOrders,
  };
}

export interface ShopifyInventoryLevel {
  location: { id: string };
  updatedAt: string;
  quantities: { name: string; quantity: number; updatedAt: string | null }[];
}

const numericId = (gid: string) => gid.slice(gid.lastIndexOf('/') + 1).split('?')[0]!;

/** One inventory level → a canonical stock record (system 'webstore', per location). */
export function mapLevel(sku: string, level: ShopifyInventoryLevel): StockRecord {
  const q = (name: string) => level.quantities.find((x) => x.name === name)?.quantity ?? 0;
  return {
    sku,
    system: 'webstore',
    locationNativeId: numericId(level.location.id),
    onHand: q('on_hand'),
    committed: q('committed'),
    available: q('available'),
    asOf: level.quantities.map((x) => x.updatedAt).filter((x): x is string => !!x).sort().at(-1) ?? level.updatedAt,
  };
}
