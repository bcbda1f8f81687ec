/**
 * Fixed facts of the stand-in's ShipBob account: API version, channels, the fulfilment-centre
 * details ShipBob reports that the seed does not carry, and the deterministic id ranges.
 */

export const API_VERSION = '2026-01';

/** ShipBob channel: one per integration (a store connector, or an API application). */
export interface ChannelDef {
  id: number;
  name: string;
  application_name: string;
  scopes: string[];
}

const readScopes = ['channels_read', 'orders_read', 'inventory_read', 'locations_read', 'fulfillments_read', 'webhooks_read', 'returns_read', 'receiving_read', 'products_read'];

/** Orders of the web store reach ShipBob through its Shopify integration. */
export const SHOPIFY_CHANNEL: ChannelDef = { id: 372211, name: 'Northwind Outfitters (Shopify)', application_name: 'Shopify', scopes: [...readScopes, 'orders_write', 'products_write'] };
/** Orders of the marketplace store reach ShipBob through its WooCommerce integration. */
export const WOO_CHANNEL: ChannelDef = { id: 372212, name: 'Northwind Marketplace (WooCommerce)', application_name: 'WooCommerce', scopes: [...readScopes, 'orders_write', 'products_write'] };
/** The personal-access-token application the graph writes through ("SMA" = single-merchant app). */
export const API_CHANNEL: ChannelDef = {
  id: 372300,
  name: 'Unified Commerce Graph',
  application_name: 'SMA',
  scopes: [...readScopes, 'orders_write', 'products_write', 'inventory_write', 'webhooks_write', 'returns_write', 'receiving_write'],
};
/** A read-only integration: writing through it is refused, as ShipBob refuses writes on channels without write scopes. */
export const ANALYTICS_CHANNEL: ChannelDef = { id: 372301, name: 'Ops dashboard (read only)', application_name: 'Reporting', scopes: readScopes };

export const CHANNELS: readonly ChannelDef[] = [SHOPIFY_CHANNEL, WOO_CHANNEL, API_CHANNEL, ANALYTICS_CHANNEL];

/** What ShipBob says about a fulfilment centre beyond the seed's name and address. */
export interface CentreFacts {
  abbreviation: string;
  region: { id: number; name: string };
  /** ShipBob reports Windows time-zone names. */
  timezone: string;
  phone: string;
}

export const CENTRE_FACTS: Record<string, CentreFacts> = {
  '156': { abbreviation: 'MDW1', region: { id: 2, name: 'Central' }, timezone: 'Central Standard Time', phone: '312-555-0156' },
  '158': { abbreviation: 'ONT1', region: { id: 4, name: 'West' }, timezone: 'Pacific Standard Time', phone: '951-555-0158' },
  '161': { abbreviation: 'ABE1', region: { id: 1, name: 'East' }, timezone: 'Eastern Standard Time', phone: '610-555-0161' },
  '167': { abbreviation: 'DFW1', region: { id: 3, name: 'South' }, timezone: 'Central Standard Time', phone: '972-555-0167' },
};

/**
 * ShipBob lists network locations the merchant has no access to as well; they hold none of the
 * retailer's stock and a client must filter them out.
 */
export const NETWORK_ONLY_LOCATIONS = [
  { id: 186, name: 'Manchester (GB)', abbreviation: 'MAN1', region: { id: 6, name: 'United Kingdom' }, timezone: 'GMT Standard Time', address1: 'Trafford Park Rd', city: 'Manchester', state: null, zip_code: 'M17 1HH', country: 'GB' },
  { id: 190, name: 'Melbourne (AU)', abbreviation: 'MEL1', region: { id: 7, name: 'Australia' }, timezone: 'AUS Eastern Standard Time', address1: '45 Cherry Ln', city: 'Laverton North', state: 'VIC', zip_code: '3026', country: 'AU' },
] as const;

/** Id ranges: every native id is derived from the seed's order of records, so it is the same in every process. */
export const IDS = {
  inventory: (variantIndex: number) => 20_000_000 + variantIndex + 1,
  product: (variantIndex: number) => 60_000_000 + variantIndex + 1,
  order: (orderIndex: number) => 240_000_000 + orderIndex + 1,
  /** Seed shipments are "SHP-0016310"; ShipBob's id keeps the sequence. */
  seedShipment: (seq: number) => 170_000_000 + seq,
  pendingShipment: (orderIndex: number) => 190_000_000 + orderIndex + 1,
  /** First id handed to orders and shipments created through the API. */
  firstCreatedOrder: 250_000_001,
  firstCreatedShipment: 195_000_001,
  firstCreatedInventory: 29_000_001,
} as const;

export const DEFAULT_TOKEN = 'shipbob-ucg-dev';

/** The documented limit: 150 requests per minute, sliding window, per user and application. */
export const DEFAULT_RATE_LIMIT = { limit: 150, windowMs: 60_000 } as const;
