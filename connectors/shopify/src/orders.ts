import type { OrderRecord } from '@ucg/connector-core';
import type { ShopifyClient } from './client.ts';
import { PageSizer, fetchPages, searchValue, type Page, type PageInfo } from './cost-planning.ts';
import { mapOrder, type ShopifyOrder } from './map/order.ts';

const LINES_PER_ORDER = 30;
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

export const emailQuery = (email: string) => `email:${searchValue(email.trim())}`;
export const numberQuery = (number: string) => `name:${searchValue(`#${number.replace(/^#/, '')}`)}`;

/** Orders placed between `from` (inclusive) and `to` (exclusive), oldest first, every page. */
export function rangeQuery(range: { from?: string; to?: string }): string {
  return [range.from ? `created_at:>=${searchValue(range.from)}` : '', range.to ? `created_at:<${searchValue(range.to)}` : ''].filter(Boolean).join(' ');
}
