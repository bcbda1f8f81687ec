import { money, type CustomerAccount, type OrderRecord, type OrderStatus, type PostalAddress } from '@ucg/connector-core';

interface ShopifyMoney { amount: string; currencyCode: string }
interface MoneyBag { shopMoney: ShopifyMoney; presentmentMoney: ShopifyMoney }

export interface ShopifyMailingAddress {
  address1: string | null;
  address2: string | null;
  city: string | null;
  provinceCode: string | null;
  zip: string | null;
  countryCodeV2: string | null;
}

export interface ShopifyOrder {
  id: string;
  name: string;
  number: number;
  sourceName: string | null;
  email: string | null;
  createdAt: string;
  cancelledAt: string | null;
  displayFulfillmentStatus: string;
  displayFinancialStatus: string | null;
  subtotalPriceSet: MoneyBag | null;
  totalTaxSet: MoneyBag | null;
  totalShippingPriceSet: MoneyBag;
  totalPriceSet: MoneyBag;
  customer: { id: string } | null;
  retailLocation: { id: string } | null;
  shippingAddress: ShopifyMailingAddress | null;
  lineItems: { nodes: { sku: string | null; title: string; quantity: number; originalUnitPriceSet: MoneyBag }[]; pageInfo?: { hasNextPage: boolean; endCursor: string | null } };
}

const numericId = (gid: string) => gid.slice(gid.lastIndexOf('/') + 1);
const presentment = (bag: MoneyBag | null, fallbackCurrency: string) =>
  bag ? money(bag.presentmentMoney.amount, bag.presentmentMoney.currencyCode) : money(0, fallbackCurrency);

export function mapAddress(a: ShopifyMailingAddress | null): PostalAddress | null {
  if (!a?.address1 || !a.city || !a.countryCodeV2) return null;
  return { line1: a.address1, line2: a.address2, city: a.city, province: a.provinceCode, postalCode: a.zip, countryCode: a.countryCodeV2 };
}

/** Shopify's fulfilment and payment state → the graph's order status. */
export function orderStatus(o: Pick<ShopifyOrder, 'cancelledAt' | 'displayFulfillmentStatus' | 'displayFinancialStatus' | 'sourceName'>): OrderStatus {
  if (o.cancelledAt) return 'CANCELLED';
  if (o.displayFinancialStatus === 'REFUNDED') return 'RETURNED';
  switch (o.displayFulfillmentStatus) {
    // A fulfilled web order has left with the carrier; a POS sale left the till with the shopper.
    case 'FULFILLED': return o.sourceName === 'pos' ? 'COMPLETED' : 'SHIPPED';
    case 'IN_PROGRESS':
    case 'PARTIALLY_FULFILLED':
    case 'PENDING_FULFILLMENT':
    case 'SCHEDULED':
    case 'ON_HOLD': return 'PROCESSING';
    default: return 'UNFULFILLED';
  }
}

/** Where a Shopify order was placed: the till (Shopify POS) or online. */
export const channelOf = (sourceName: string | null | undefined): 'POS' | 'WEB' => (sourceName === 'pos' ? 'POS' : 'WEB');

/** Shopify order (web or POS) → canonical order; amounts in the currency the shopper paid. */
export function mapOrder(o: ShopifyOrder): OrderRecord {
  const currency = o.totalPriceSet.presentmentMoney.currencyCode;
  return {
    system: 'webstore',
    nativeId: o.id,
    number: o.name.replace(/^#/, ''),
    channel: channelOf(o.sourceName),
    email: o.email,
    customerNativeId: o.customer?.id ?? null,
    placedAt: o.createdAt,
    status: orderStatus(o),
    vendorStatus: `${o.displayFulfillmentStatus}/${o.displayFinancialStatus ?? 'UNKNOWN'}${o.cancelledAt ? '/CANCELLED' : ''}`,
    subtotal: presentment(o.subtotalPriceSet, currency),
    tax: presentment(o.totalTaxSet, currency),
    shipping: presentment(o.totalShippingPriceSet, currency),
    total: presentment(o.totalPriceSet, currency),
    totalInShopCurrency: money(o.totalPriceSet.shopMoney.amount, o.totalPriceSet.shopMoney.currencyCode),
    lines: o.lineItems.nodes.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: presentment(l.originalUnitPriceSet, currency) })),
    storeNativeId: o.retailLocation ? numericId(o.retailLocation.id) : null,
    shippingAddress: mapAddress(o.shippingAddress),
  };
}

export interface ShopifyCustomer {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  createdAt: string;
  numberOfOrders: string;
  amountSpent: ShopifyMoney;
  defaultEmailAddress: { marketingState: string } | null;
  defaultAddress: ShopifyMailingAddress | null;
}

/** Shopify customer → canonical customer account (email as stored). */
export function mapCustomer(c: ShopifyCustomer): CustomerAccount {
  return {
    system: 'webstore',
    nativeId: c.id,
    email: c.email ?? '',
    firstName: c.firstName,
    lastName: c.lastName,
    phone: c.phone,
    createdAt: c.createdAt,
    orderCount: Number(c.numberOfOrders),
    amountSpent: money(c.amountSpent.amount, c.amountSpent.currencyCode),
    acceptsMarketing: c.defaultEmailAddress ? c.defaultEmailAddress.marketingState === 'SUBSCRIBED' : null,
    defaultAddress: mapAddress(c.defaultAddress),
  };
}
