import type { Money } from './money.ts';
import type { SystemId } from './errors.ts';

/**
 * The canonical model every connector normalises into. SKUs are the shared key across systems;
 * money is always a decimal string with its currency; timestamps are ISO-8601 strings.
 */

export interface ProductImage {
  url: string;
  altText: string | null;
}

export interface ProductContent {
  /** Where the content came from. */
  system: Extract<SystemId, 'webstore' | 'marketplace' | 'erp'>;
  /** The system's own id for the product. */
  nativeId: string;
  handle: string;
  title: string;
  description: string;
  images: ProductImage[];
  tags: string[];
  vendor: string | null;
  variants: VariantContent[];
  /** The system's product type / category name, where it has one. */
  productType?: string | null;
  /** Handles of the collections (categories) the product belongs to. */
  collections?: string[];
  createdAt?: string | null;
}

export interface VariantContent {
  sku: string;
  nativeId: string;
  title: string;
  options: { name: string; value: string }[];
  gtin: string | null;
  /** The system's selling price for the variant, where the content source carries one. */
  price?: Money | null;
  /** Strike-through price when on sale. */
  compareAtPrice?: Money | null;
}

export interface PriceRecord {
  sku: string;
  customerGroup: string;
  price: Money;
  compareAtPrice: Money | null;
}

/** Stock of one SKU at one location of one system, as that system reports it. */
export interface StockRecord {
  sku: string;
  system: Extract<SystemId, 'erp' | '3pl-us' | '3pl-eu' | 'webstore'>;
  /** The holding system's id for the location (Shopify location id, ShipBob FC id, EDI warehouse code, SAP plant). */
  locationNativeId: string;
  onHand: number;
  /** Units promised to open orders. */
  committed: number;
  /** What can still be sold from here, as the system computes it. */
  available: number;
  /** When the system last knew this number. */
  asOf: string;
}

export type LoyaltyTier = 'BRONZE' | 'SILVER' | 'GOLD' | 'PLATINUM';

export interface CrmContact {
  system: 'crm';
  nativeId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  loyaltyPoints: number;
  loyaltyTier: LoyaltyTier | null;
  storeCredit: Money | null;
  companyId: string | null;
}

/** A B2B partner account as the CRM holds it (HubSpot company); its buyers are CrmContacts with `companyId`. */
export interface CrmCompany {
  system: 'crm';
  nativeId: string;
  name: string;
  domain: string | null;
  /** ISO 3166-1 alpha-2. */
  countryCode: string | null;
  /** The ERP customer group the partner buys at (drives B2B prices). */
  customerGroup: string | null;
  /** The ERP sold-to party number. */
  erpCustomerId: string | null;
  /** The stable handle gateway configuration uses for partner API keys. */
  partnerKey: string | null;
  contactCount: number | null;
}

/** A postal address as the graph carries it. */
export interface PostalAddress {
  line1: string;
  line2: string | null;
  city: string;
  /** State, province or region code where the country has one. */
  province: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
}

/** A place that holds stock (store, fulfilment centre, warehouse, plant), as its system describes it. */
export interface LocationRecord {
  system: StockRecord['system'];
  /** The same id `StockRecord.locationNativeId` uses. */
  nativeId: string;
  name: string;
  type: 'STORE' | 'FULFILLMENT_CENTER' | 'WAREHOUSE';
  address: PostalAddress | null;
  /** IANA zone where the system says (or implies) one. */
  timezone: string | null;
  active: boolean;
  /** WGS84 coordinates where the system records them (store finders, nearest pickup). */
  latitude?: number | null;
  longitude?: number | null;
  /** Shoppers can collect orders here. */
  pickupEnabled?: boolean;
  /** The system ships online orders from here. */
  fulfillsOnlineOrders?: boolean;
}

/** Where a parcel is, in the graph's words; 3PL and carrier statuses map onto these. */
export type ShipmentStatus = 'PENDING' | 'LABEL_CREATED' | 'IN_TRANSIT' | 'OUT_FOR_DELIVERY' | 'DELIVERED' | 'EXCEPTION' | 'CANCELLED';

export interface TrackingEventRecord {
  at: string;
  status: ShipmentStatus;
  description: string;
  location: string | null;
}

/** A shipment as the system that fulfils it (3PL, ERP) reports it. */
export interface ShipmentRecord {
  system: Extract<SystemId, '3pl-us' | '3pl-eu' | 'erp'>;
  nativeId: string;
  /** The fulfilling system's id of the order the shipment belongs to. */
  orderNativeId: string;
  /** The reference the order was handed over with (the selling system's order number or checkout id). */
  referenceId: string | null;
  fromLocationNativeId: string | null;
  status: ShipmentStatus;
  carrier: string | null;
  service: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  lines: { sku: string; quantity: number }[];
  /** Carrier scans, oldest first; empty where the source carries none (e.g. an order view). */
  events: TrackingEventRecord[];
}

export type FulfilmentOrderStatus = 'PROCESSING' | 'PARTIALLY_FULFILLED' | 'FULFILLED' | 'EXCEPTION' | 'ON_HOLD' | 'CANCELLED';

/** An order as the system that ships it (3PL, ERP) holds it. */
export interface FulfilmentOrderRecord {
  system: ShipmentRecord['system'];
  nativeId: string;
  referenceId: string;
  orderNumber: string | null;
  status: FulfilmentOrderStatus;
  /** The fulfilling system's id of the channel (integration) the order came through. */
  channelNativeId: string | null;
  createdAt: string;
  purchasedAt: string | null;
  lines: { sku: string; quantity: number; unitPrice: Money | null }[];
  total: Money | null;
  shipments: ShipmentRecord[];
}

/** What the graph hands a 3PL to ship. */
export interface FulfilmentOrderRequest {
  /** Unique per channel at the 3PL; re-sending the same reference must not create a second order. */
  referenceId: string;
  orderNumber?: string;
  purchasedAt?: string;
  shippingMethod: string;
  recipient: { name: string; email?: string; phone?: string; company?: string; address: PostalAddress };
  lines: { sku: string; name: string; quantity: number; unitPrice?: Money; gtin?: string }[];
  total?: Money;
  kind?: 'DTC' | 'B2B' | 'DROPSHIP';
}

export interface CreatedFulfilmentOrder {
  order: FulfilmentOrderRecord;
  /** False when the reference already existed and the existing order was returned. */
  created: boolean;
}

/** A data subject's records in one system (GDPR art. 15 / CCPA access). */
export interface PersonDataExport {
  system: SystemId;
  recordCount: number;
  records: unknown[];
}

/** What one system did with an erasure request (GDPR art. 17 / CCPA delete). */
export interface PersonErasure {
  system: SystemId;
  status: 'ERASED' | 'NOT_FOUND' | 'RETAINED';
  detail?: string;
}

export type OrderChannel = 'WEB' | 'MARKETPLACE' | 'POS' | 'B2B';
/** An order's state as the graph names it; selling systems' statuses map onto these. */
export type OrderStatus = 'UNFULFILLED' | 'PROCESSING' | 'SHIPPED' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED' | 'RETURNED';

export interface OrderLineRecord {
  sku: string | null;
  title: string;
  quantity: number;
  /** In the order's (presentment) currency. */
  unitPrice: Money;
}

/** An order as the system that sold it (web store, marketplace, ERP) holds it. */
export interface OrderRecord {
  system: Extract<SystemId, 'webstore' | 'marketplace' | 'erp'>;
  nativeId: string;
  /** The number the customer sees ("1001"), without the system's prefix. */
  number: string;
  channel: OrderChannel;
  email: string | null;
  customerNativeId: string | null;
  placedAt: string;
  status: OrderStatus;
  /** The system's own status words, for support staff and logs. */
  vendorStatus: string;
  /** Amounts in the currency the customer paid in. */
  subtotal: Money;
  tax: Money;
  shipping: Money;
  total: Money;
  /** The total in the selling system's own currency, where it converts. */
  totalInShopCurrency: Money | null;
  lines: OrderLineRecord[];
  /** The retail store (POS sale) it was rung up at. */
  storeNativeId: string | null;
  shippingAddress: PostalAddress | null;
}

/** A shopper's account in a selling system (web store or marketplace). */
export interface CustomerAccount {
  system: Extract<SystemId, 'webstore' | 'marketplace'>;
  nativeId: string;
  /** As the system stores it (case preserved); match case-insensitively. */
  email: string;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  createdAt: string;
  orderCount: number | null;
  amountSpent: Money | null;
  acceptsMarketing: boolean | null;
  defaultAddress: PostalAddress | null;
}

export type PaymentAuthorizationStatus = 'AUTHORIZED' | 'DECLINED' | 'FAILED' | 'VOIDED';

/** A card authorisation (funds held, not captured). */
export interface PaymentAuthorization {
  system: SystemId;
  authorizationId: string;
  status: PaymentAuthorizationStatus;
  amount: Money;
  /** Why it was declined or failed (the gateway's code, e.g. CARD_DECLINED, PROCESSING_ERROR). */
  declineCode: string | null;
  /** When the hold lapses unless captured. */
  expiresAt: string | null;
  idempotencyKey: string | null;
}

/** A text in one language (ISO 639-1, lower case). */
export interface LocalizedText {
  language: string;
  value: string;
}

/** A material of the ERP's material master (SAP A_Product). */
export interface MaterialRecord {
  system: 'erp';
  /** The material number: the SKU for a variant article, the product id for a generic article. */
  material: string;
  /** Generic article (groups variants, not stocked), variant article (a SKU) or single article. */
  kind: 'GENERIC' | 'VARIANT' | 'SINGLE';
  /** For a variant: the generic article (product id) it belongs to. */
  genericMaterial: string | null;
  /** Descriptions per language, as the ERP holds them (SAP: at most 40 characters). */
  names: LocalizedText[];
  gtin: string | null;
  brand: string | null;
  materialGroup: string | null;
  /** Variant characteristics as text ("Black / M"). */
  variantText: string | null;
  baseUnit: string;
  grossWeightGrams: number | null;
  createdAt: string | null;
  changedAt: string | null;
}

/** When to reorder a SKU at a location (SAP reorder-point planning). */
export interface ReorderPointRecord {
  sku: string;
  system: 'erp';
  locationNativeId: string;
  /** Reorder when available stock falls to this. */
  reorderPoint: number;
  /** Quantity ordered each time, where fixed. */
  lotSize: number | null;
  /** Planned replenishment time. */
  leadTimeDays: number | null;
}

/** 1 `from` = `rate` `to`, as the ERP (the retailer's rate authority) publishes it. */
export interface ExchangeRateRecord {
  from: string;
  to: string;
  /** Decimal string, normalised (no ratio factors, direct quotation). */
  rate: string;
  /** Day the rate applies from (ISO-8601). */
  validFrom: string;
  /** The ERP's rate type (SAP: M = average rate). */
  rateType: string;
}

export interface SalesOrderLineInput {
  sku: string;
  quantity: number;
  /** The agreed unit price (a web order's price); absent: the ERP prices the line itself. */
  unitPrice?: Money;
}

/** A sales order to post to the ERP. */
export interface SalesOrderInput {
  /** The customer's reference (web order id, buyer's PO number); unique per sold-to party: posting it twice must not create two orders. */
  externalReference: string;
  /** ERP customer number; absent: the web store's one-time customer. */
  soldToParty?: string;
  currency: string;
  lines: SalesOrderLineInput[];
  /** When the customer ordered (ISO-8601). */
  orderedAt?: string;
  requestedDeliveryDate?: string;
}

export type SalesOrderStatus = 'OPEN' | 'IN_PROCESS' | 'COMPLETED' | 'CANCELLED';

/** A sales order as the ERP holds it. */
export interface SalesOrderRecord {
  system: 'erp';
  number: string;
  externalReference: string | null;
  soldToParty: string;
  orderType: string;
  orderedAt: string | null;
  createdAt: string | null;
  currency: string;
  /** Net of tax. */
  netAmount: Money;
  status: SalesOrderStatus;
  deliveryStatus: 'NOT_DELIVERED' | 'PARTIALLY_DELIVERED' | 'DELIVERED';
  /** The ERP's own status codes (processing/delivery), for support staff and logs. */
  vendorStatus: string;
  lines: { item: string; sku: string; description: string; quantity: number; netAmount: Money }[];
}

export interface CreatedSalesOrder {
  order: SalesOrderRecord;
  /** False when an order with the same external reference already existed and was returned. */
  created: boolean;
}

/** A purchase order to a supplier. */
export interface PurchaseOrderInput {
  /** ERP supplier number. */
  supplier: string;
  currency: string;
  /** Receiving location (SAP plant); absent: the connector's plant. */
  locationNativeId?: string;
  lines: { sku: string; quantity: number; netPrice: Money }[];
}

export interface PurchaseOrderRecord {
  system: 'erp';
  number: string;
  supplier: string;
  createdAt: string | null;
  currency: string;
  status: 'OPEN' | 'RECEIVED';
  lines: { item: string; sku: string; description: string; quantity: number; netPrice: Money; locationNativeId: string; received: boolean }[];
}
