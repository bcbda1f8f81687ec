import { money, type OrderRecord } from '@ucg/connector-core';
import { orderStatus } from './order.ts';

/** The REST order resource Shopify sends in orders/* webhooks (the fields the graph reads). */
export interface RestOrder {
  admin_graphql_api_id: string;
  name: string;
  email: string | null;
  created_at: string;
  cancelled_at: string | null;
  currency: string;
  presentment_currency?: string;
  subtotal_price_set?: RestMoneySet;
  total_tax_set?: RestMoneySet;
  total_shipping_price_set?: RestMoneySet;
  total_price_set: RestMoneySet;
  financial_status: string | null;
  fulfillment_status: string | null;
  source_name: string | null;
  location_id: number | null;
  line_items: { sku: string | null; title: string; quantity: number; price_set?: RestMoneySet; price: string }[];
  customer: { admin_graphql_api_id?: string; id: number } | null;
  shipping_address: { address1: string | null; address2?: string | null; city: string | null; province_code: string | null; zip: string | null; country_code: string | null } | null;
}

interface RestMoneySet {
  shop_money: { amount: string; currency_code: string };
  presentment_money: { amount: string; currency_code: string };
}

const restFulfillment: Record<string, string> = { fulfilled: 'FULFILLED', partial: 'PARTIALLY_FULFILLED', restocked: 'RESTOCKED' };

/** orders/create payload → canonical order. */
export function mapRestOrder(o: RestOrder): OrderRecord {
  const currency = o.presentment_currency ?? o.currency;
  const presentment = (set: RestMoneySet | undefined) => (set ? money(set.presentment_money.amount, set.presentment_money.currency_code) : money(0, currency));
  const displayFulfillmentStatus = restFulfillment[o.fulfillment_status ?? ''] ?? 'UNFULFILLED';
  const displayFinancialStatus = (o.financial_status ?? 'pending').toUpperCase();
  const a = o.shipping_address;
  return {
    system: 'webstore',
    nativeId: o.admin_graphql_api_id,
    number: o.name.replace(/^#/, ''),
    channel: o.source_name === 'pos' ? 'POS' : 'WEB',
    email: o.email,
    customerNativeId: o.customer ? o.customer.admin_graphql_api_id ?? `gid://shopify/Customer/${o.customer.id}` : null,
    placedAt: o.created_at,
    status: orderStatus({ cancelledAt: o.cancelled_at, displayFulfillmentStatus, displayFinancialStatus, sourceName: o.source_name }),
    vendorStatus: `${displayFulfillmentStatus}/${displayFinancialStatus}${o.cancelled_at ? '/CANCELLED' : ''}`,
    subtotal: presentment(o.subtotal_price_set),
    tax: presentment(o.total_tax_set),
    shipping: presentment(o.total_shipping_price_set),
    total: presentment(o.total_price_set),
    totalInShopCurrency: money(o.total_price_set.shop_money.amount, o.total_price_set.shop_money.currency_code),
    lines: o.line_items.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.price_set ? presentment(l.price_set) : money(l.price, currency) })),
    storeNativeId: o.location_id !== null && o.source_name === 'pos' ? String(o.location_id) : null,
    shippingAddress: a?.address1 && a.city && a.country_code
      ? { line1: a.address1, line2: a.address2 ?? null, city: a.city, province: a.province_code, postalCode: a.zip, countryCode: a.country_code }
      : null,
  };
}
