import type { Address } from '@ucg/legacy-seed';
import { gid } from '../ids.ts';
import { SHOP_CURRENCY, type CustomerRec, type LineRec, type OrderRec, type TransactionRec, type WebhookRec } from '../shop-state.ts';
import { connection, type ConnectionArgs } from './connection.ts';
import { addressLines, countryNames, locationView, moneyV2, productView, variantView, type ViewContext } from './views.ts';

/** Views of the shop's orders, customers, payments and webhook subscriptions. */

function mailingAddress(id: string, a: Address, names?: { firstName: string; lastName: string; phone?: string }) {
  return {
    id, address1: a.line1, address2: null, city: a.city, province: a.province ?? null, provinceCode: a.province ?? null, zip: a.postalCode,
    country: countryNames[a.countryCode] ?? a.countryCode, countryCodeV2: a.countryCode,
    firstName: names?.firstName ?? null, lastName: names?.lastName ?? null, name: names ? `${names.firstName} ${names.lastName}` : null,
    phone: names?.phone ?? null, formatted: addressLines(a),
  };
}

export function customerView(ctx: ViewContext, c: CustomerRec) {
  const orders = () => ctx.state.orders.filter((o) => o.customerLegacyId === c.legacyId);
  return {
    __typename: 'Customer',
    id: gid('Customer', c.legacyId),
    legacyResourceId: String(c.legacyId),
    email: c.email,
    defaultEmailAddress: { emailAddress: c.email, marketingState: c.acceptsMarketing ? 'SUBSCRIBED' : 'NOT_SUBSCRIBED' },
    firstName: c.firstName,
    lastName: c.lastName,
    displayName: `${c.firstName} ${c.lastName}`,
    phone: c.phone,
    state: 'ENABLED',
    tags: [],
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    numberOfOrders: () => String(orders().length),
    amountSpent: () => moneyV2(orders().filter((o) => o.financial === 'PAID').reduce((s, o) => s + ctx.state.toShopCents(o, o.totalCents), 0), SHOP_CURRENCY),
    defaultAddress: mailingAddress(gid('Customer', `${c.legacyId}/address/1`).replace('Customer', 'MailingAddress'), c.address, c),
    dataSaleOptOut: false,
    orders: (args: ConnectionArgs & { query?: string | null; sortKey?: string }) => orderConnection(ctx, orders(), args),
  };
}

export function orderConnection(ctx: ViewContext, orders: OrderRec[], args: ConnectionArgs & { query?: string | null; sortKey?: string | null }) {
  return connection(orders, args, (o) => o.legacyId, (o) => orderView(ctx, o));
}

const moneyBag = (ctx: ViewContext, o: OrderRec, cents: number) => ({
  shopMoney: moneyV2(ctx.state.toShopCents(o, cents), SHOP_CURRENCY),
  presentmentMoney: moneyV2(cents, o.currency),
});

function lineItemView(ctx: ViewContext, o: OrderRec, l: LineRec) {
  const variant = l.variantLegacyId ? ctx.state.variantByLegacyId.get(l.variantLegacyId) : undefined;
  return {
    __typename: 'LineItem',
    id: gid('LineItem', l.legacyId),
    name: l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title,
    title: l.title,
    variantTitle: l.variantTitle || null,
    sku: l.sku,
    quantity: l.quantity,
    currentQuantity: o.financial === 'REFUNDED' ? 0 : l.quantity,
    originalUnitPriceSet: moneyBag(ctx, o, l.unitCents),
    originalTotalSet: moneyBag(ctx, o, l.unitCents * l.quantity),
    variant: () => (variant ? variantView(ctx, variant) : null),
    product: () => (variant ? productView(ctx, ctx.state.productByLegacyId.get(variant.productLegacyId)!) : null),
  };
}

export function orderView(ctx: ViewContext, o: OrderRec) {
  const customer = o.customerLegacyId ? ctx.state.customers.find((c) => c.legacyId === o.customerLegacyId) : undefined;
  const location = o.retailLocationId ? ctx.state.location(o.retailLocationId) : undefined;
  return {
    __typename: 'Order',
    id: gid('Order', o.legacyId),
    legacyResourceId: String(o.legacyId),
    name: `#${o.number}`,
    number: o.number,
    sourceName: o.sourceName,
    email: o.email,
    createdAt: o.createdAt,
    processedAt: o.createdAt,
    updatedAt: o.cancelledAt ?? o.createdAt,
    cancelledAt: o.cancelledAt,
    cancelReason: o.cancelledAt ? 'CUSTOMER' : null,
    closed: o.fulfillment === 'FULFILLED' || o.cancelledAt !== null,
    currencyCode: SHOP_CURRENCY,
    presentmentCurrencyCode: o.currency,
    subtotalPriceSet: moneyBag(ctx, o, o.subtotalCents),
    totalTaxSet: moneyBag(ctx, o, o.taxCents),
    totalShippingPriceSet: moneyBag(ctx, o, o.shippingCents),
    totalPriceSet: moneyBag(ctx, o, o.totalCents),
    displayFulfillmentStatus: o.fulfillment,
    displayFinancialStatus: o.financial,
    customer: () => (customer ? customerView(ctx, customer) : null),
    retailLocation: () => (location ? locationView(ctx, location) : null),
    shippingAddress: o.shippingAddress ? mailingAddress(gid('Order', `${o.legacyId}/shipping_address`).replace('Order', 'MailingAddress'), o.shippingAddress) : null,
    lineItems: (args: ConnectionArgs) => connection(o.lines, args, (l) => l.legacyId, (l) => lineItemView(ctx, o, l)),
    transactions: () => [],
  };
}

export function transactionView(ctx: ViewContext, t: TransactionRec): Record<string, unknown> {
  const parent = t.parentLegacyId ? ctx.state.transactions.find((x) => x.legacyId === t.parentLegacyId) : undefined;
  const money = moneyV2(t.amountCents, t.currency);
  return {
    __typename: 'OrderTransaction',
    id: gid('OrderTransaction', t.legacyId),
    kind: t.kind,
    status: t.status,
    errorCode: t.errorCode,
    gateway: 'shopify_payments',
    test: true,
    amountSet: { shopMoney: money, presentmentMoney: money },
    authorizationCode: t.kind === 'AUTHORIZATION' && t.status === 'SUCCESS' ? String(t.legacyId).slice(-6) : null,
    authorizationExpiresAt: t.voided ? null : t.authorizationExpiresAt,
    paymentId: t.paymentId,
    createdAt: t.createdAt,
    processedAt: t.createdAt,
    parentTransaction: () => (parent ? transactionView(ctx, parent) : null),
    order: null,
  };
}

export function webhookView(ctx: ViewContext, w: WebhookRec) {
  return {
    __typename: 'WebhookSubscription',
    id: gid('WebhookSubscription', w.legacyId),
    legacyResourceId: String(w.legacyId),
    topic: w.topic,
    format: w.format,
    uri: w.uri,
    endpoint: { __typename: 'WebhookHttpEndpoint', callbackUrl: w.uri },
    includeFields: [],
    filter: null,
    apiVersion: { handle: ctx.apiVersion, displayName: ctx.apiVersion, supported: true },
    createdAt: w.createdAt,
    updatedAt: w.createdAt,
  };
}

