/**
 * The retailer's truth, before any legacy system's format is applied. Each stand-in projects the
 * slice it owns into its vendor's shapes; connectors and subgraphs never see these types.
 */

export type CurrencyCode = 'USD' | 'EUR' | 'GBP' | 'CAD' | 'CHF' | 'SEK' | 'DKK' | 'PLN' | 'AUD' | 'JPY';
export type Language = 'en' | 'de' | 'fr';
export type Localized = { en: string } & Partial<Record<Exclude<Language, 'en'>, string>>;

/** Which legacy system holds a record. */
export type SystemId = 'erp' | 'crm' | '3pl-us' | '3pl-eu' | 'webstore' | 'marketplace';

export interface Brand {
  code: string;
  name: string;
}

export interface Category {
  id: string;
  name: Localized;
  brand: string;
  kind: 'apparel' | 'footwear' | 'gear' | 'home';
}

export interface Image {
  url: string;
  altText: string;
}

export interface Product {
  /** ERP material number of the product (the "generic article"). */
  id: string;
  handle: string;
  brand: string;
  categoryId: string;
  title: Localized;
  description: Localized;
  vendor: string;
  tags: string[];
  images: Image[];
  supplierId: string;
  createdAt: string;
  /** Listed in the web store (Shopify) and/or the marketplace store (WooCommerce). */
  inWebStore: boolean;
  inMarketplace: boolean;
}

export interface VariantOption {
  name: string;
  value: string;
}

export interface Variant {
  sku: string;
  productId: string;
  title: string;
  options: VariantOption[];
  gtin: string;
  weightGrams: number;
}

export interface CustomerGroup {
  /** SAP customer-group code (two characters). */
  code: string;
  name: string;
  /** Factor on the retail price. */
  factor: number;
}

export interface Price {
  sku: string;
  currency: CurrencyCode;
  customerGroup: string;
  /** Decimal string, e.g. "19.99". */
  amount: string;
  /** Strike-through price, when on sale. */
  compareAtAmount?: string;
}

export interface ExchangeRate {
  from: CurrencyCode;
  to: CurrencyCode;
  /** Decimal string: 1 `from` = rate `to`. */
  rate: string;
  validFrom: string;
}

export type LocationType = 'STORE' | 'FULFILLMENT_CENTER' | 'WAREHOUSE';

export interface Address {
  line1: string;
  city: string;
  province?: string;
  postalCode: string;
  countryCode: string;
}

export interface Location {
  /** The system that holds this location's stock. */
  system: Extract<SystemId, 'erp' | '3pl-us' | '3pl-eu' | 'webstore'>;
  /** The id the holding system uses (Shopify location id, ShipBob FC id, EDI warehouse code, SAP plant). */
  nativeId: string;
  name: string;
  type: LocationType;
  address: Address;
  latitude: number;
  longitude: number;
  /** Stock here can be sold online (ships from here, or can be picked up here). */
  sellable: boolean;
  pickup: boolean;
  timezone: string;
}

export interface StockLevel {
  sku: string;
  system: Location['system'];
  locationNativeId: string;
  onHand: number;
  /** Units already promised to open orders (not available). */
  committed: number;
}

export interface Supplier {
  id: string;
  name: string;
  countryCode: string;
  leadTimeDays: number;
}

export interface ReorderPolicy {
  sku: string;
  reorderPoint: number;
  lotSize: number;
}

export interface Company {
  id: string;
  name: string;
  domain: string;
  customerGroup: string;
  /** ERP customer number (sold-to party). */
  erpCustomerId: string;
  countryCode: string;
  /** The stable handle gateway configuration uses for partner API keys. */
  partnerKey: string;
}

export type LoyaltyTier = 'BRONZE' | 'SILVER' | 'GOLD' | 'PLATINUM';

export interface Person {
  /** Stable id of the person in the seed (not any system's id). */
  key: string;
  /** Email as the person typed it (case preserved). */
  email: string;
  firstName: string;
  lastName: string;
  phone: string;
  address: Address;
  createdAt: string;
  acceptsMarketing: boolean;
  /** CRM contact (golden record) with loyalty and store credit. */
  crm?: { loyaltyPoints: number; tier: LoyaltyTier; storeCreditUsd: string };
  /** Account in the web store (Shopify). */
  webStore?: { emailAsStored: string };
  /** Account in the marketplace store (WooCommerce). */
  marketplace?: { emailAsStored: string };
  companyId?: string;
}

export type Channel = 'WEB' | 'MARKETPLACE' | 'POS' | 'B2B';
export type OrderStatus = 'UNFULFILLED' | 'PROCESSING' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED' | 'RETURNED' | 'COMPLETED';

export interface OrderLine {
  sku: string;
  quantity: number;
  /** Unit price in the order currency, decimal string. */
  unitPrice: string;
}

export interface Order {
  /** The number the selling system shows the customer ("1001", "50001", "5000000001"). */
  number: string;
  /** The system that took the order. */
  system: Extract<SystemId, 'webstore' | 'marketplace' | 'erp'>;
  channel: Channel;
  email?: string;
  personKey?: string;
  companyId?: string;
  placedAt: string;
  currency: CurrencyCode;
  lines: OrderLine[];
  subtotal: string;
  tax: string;
  shipping: string;
  total: string;
  status: OrderStatus;
  /** Retail store for POS orders. */
  storeNativeId?: string;
  shippingAddress?: Address;
  /** Which 3PL ships it (none for POS). */
  fulfilledBy?: Extract<SystemId, '3pl-us' | '3pl-eu' | 'erp'>;
}

export type ShipmentStatus = 'LABEL_CREATED' | 'IN_TRANSIT' | 'OUT_FOR_DELIVERY' | 'DELIVERED' | 'EXCEPTION';

export interface TrackingEvent {
  at: string;
  status: ShipmentStatus;
  description: string;
}

export interface Shipment {
  id: string;
  orderNumber: string;
  system: Extract<SystemId, '3pl-us' | '3pl-eu' | 'erp'>;
  /** Native id of the fulfilment center / warehouse / plant it left from. */
  fromNativeId: string;
  carrier: string;
  trackingNumber: string;
  trackingUrl: string;
  status: ShipmentStatus;
  shippedAt: string;
  lines: { sku: string; quantity: number }[];
  events: TrackingEvent[];
}

export interface PurchaseOrder {
  number: string;
  supplierId: string;
  plant: string;
  createdAt: string;
  status: 'OPEN' | 'RECEIVED';
  lines: { sku: string; quantity: number; netPrice: string; currency: CurrencyCode }[];
}

export interface Retailer {
  seed: number;
  now: string;
  brands: Brand[];
  categories: Category[];
  products: Product[];
  variants: Variant[];
  customerGroups: CustomerGroup[];
  prices: Price[];
  exchangeRates: ExchangeRate[];
  locations: Location[];
  stock: StockLevel[];
  suppliers: Supplier[];
  reorderPolicies: ReorderPolicy[];
  companies: Company[];
  people: Person[];
  orders: Order[];
  shipments: Shipment[];
  purchaseOrders: PurchaseOrder[];
}
