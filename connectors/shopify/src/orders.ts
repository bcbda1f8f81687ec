import type { OrderRecord } from '@ucg/connector-core';
import type { ShopifyClient } from './client.ts';
import { PageSizer, fetchPages, searchValue, type Page, type PageInfo } from './cost-planning.ts';
import { channelOf, mapOrder, type ShopifyOrder } from './map/order.ts';

/**
 * Lines asked for with each order. Shopify's throttle charges a query's *requested* cost up front
 * (lines × orders), refunding the unused part only afterwards: at 30 lines, ten orders asked 1,382
 * points (over the 1,000 single-query limit) for an actual 116, and the 100 points/s restore rate
 * let about one shopper's order list through every ten seconds. At 5 (most orders have fewer; the
 * rest are fetched per order), ten orders ask 382.
 */
const LINES_PER_ORDER = 5;
const MONEY_BAG = 'shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }';
const ADDRESS = 'address1 address2 city provinceCode zip countryCodeV2';
const LINE_FIELDS = `sku title quantity originalUnitPriceSet { ${MONEY_BAG} }`;
const ORDER_FIELDS = /* GraphQL */ `
  id name number sourceName email createdAt cancelledAt displayFulfillmentStatus displayFinancialStatus
  subtotalPriceSet { ${MONEY_BAG} } totalTaxSet { ${MONEY_BAG} } totalShippingPriceSet { ${MONEY_BAG} } totalPriceSet { ${MONEY_BAG} }
  customer { id } retailLocation { id } shippingAddress { ${ADDRESS} }
  lineItems(first: ${LINES_PER_ORDER}) { nodes { ${LINE_FIELDS} } pageInfo { hasNextPage endCursor } }
`;

export interface OrderPage {
  orders: OrderRecord[];
  pageInfo: PageInfo;
}

async function completeLines(client: ShopifyClient, order: ShopifyOrder): Promise<ShopifyOrder> {
  if (!order.lineItems.pageInfo?.hasNextPage) return order;
  const rest = await fetchPages<ShopifyOrder['lineItems']['nodes'][number]>(async (first, after) => {
    const data = await client.request<{ order: { lineItems: Page<ShopifyOrder['lineItems']['nodes'][number]> } }>(
      `query MoreLines($id: ID!, $first: Int!, $after: String) { order(id: $id) { lineItems(first: $first, after: $after) { nodes { ${LINE_FIELDS} } pageInfo { hasNextPage endCursor } } } }`,
      { id: order.id, first, after },
    );
    return data.order.lineItems;
  }, new PageSizer(100), Number.POSITIVE_INFINITY, order.lineItems.pageInfo.endCursor);
  return { ...order, lineItems: { nodes: [...order.lineItems.nodes, ...rest.nodes] } };
}

/** Up to `want` orders matching a search, from `after`, newest first unless told otherwise. */
export async function searchOrders(client: ShopifyClient, sizer: PageSizer, query: string, want: number, after: string | null, options: { sortKey?: string; reverse?: boolean } = {}): Promise<OrderPage> {
  const page = await fetchPages<ShopifyOrder>(async (first, cursor) => {
    const data = await client.request<{ orders: Page<ShopifyOrder> }>(
      `query Orders($first: Int!, $after: String, $query: String, $sortKey: OrderSortKeys, $reverse: Boolean) { orders(first: $first, after: $after, query: $query, sortKey: $sortKey, reverse: $reverse) { nodes { ${ORDER_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
      { first, after: cursor, query, sortKey: options.sortKey ?? 'CREATED_AT', reverse: options.reverse ?? true },
    );
    return data.orders;
  }, sizer, want, after);
  const orders: OrderRecord[] = [];
  for (const o of page.nodes) orders.push(mapOrder(await completeLines(client, o)));
  return { orders, pageInfo: page.pageInfo };
}

/** The channels (WEB, POS) of a shopper's `first` newest orders: one cheap query (a point or two per order). */
export async function orderChannels(client: ShopifyClient, query: string, first: number): Promise<('WEB' | 'POS')[]> {
  const data = await client.request<{ orders: { nodes: { sourceName: string | null }[] } }>(
    'query OrderChannels($first: Int!, $query: String) { orders(first: $first, query: $query, sortKey: CREATED_AT, reverse: true) { nodes { sourceName } } }',
    { first, query },
  );
  return data.orders.nodes.map((o) => channelOf(o.sourceName));
}

export const emailQuery = (email: string) => `email:${searchValue(email.trim())}`;
export const numberQuery = (number: string) => `name:${searchValue(`#${number.replace(/^#/, '')}`)}`;

/** Orders placed between `from` (inclusive) and `to` (exclusive), oldest first, every page. */
export function rangeQuery(range: { from?: string; to?: string }): string {
  return [range.from ? `created_at:>=${searchValue(range.from)}` : '', range.to ? `created_at:<${searchValue(range.to)}` : ''].filter(Boolean).join(' ');
}
