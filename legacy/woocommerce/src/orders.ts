import { createHash } from 'node:crypto';
import { taxRates, type Address, type Order, type Person } from '@ucg/legacy-seed';
import { currencySymbols, decimal, wooDate } from './format.ts';
import type { WooAddress, WooBilling, WooLineItem, WooOrder, WooVariation } from './types.ts';

/** The seed's order states in WooCommerce's words: shipped and delivered orders are `completed` there. */
export const statusFromSeed: Record<Order['status'], string> = {
  UNFULFILLED: 'processing',
  PROCESSING: 'processing',
  SHIPPED: 'completed',
  DELIVERED: 'completed',
  COMPLETED: 'completed',
  CANCELLED: 'cancelled',
  RETURNED: 'refunded',
};

export const orderStatuses = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft', 'trash'] as const;

const DAY = 86_400_000;

export function wooAddress(person: Pick<Person, 'firstName' | 'lastName' | 'phone'> | undefined, address: Address | undefined): WooAddress {
  return {
    first_name: person?.firstName ?? '',
    last_name: person?.lastName ?? '',
    company: '',
    address_1: address?.line1 ?? '',
    address_2: '',
    city: address?.city ?? '',
    state: address?.province ?? '',
    postcode: address?.postalCode ?? '',
    country: address?.countryCode ?? '',
    phone: person?.phone ?? '',
  };
}

export function wooBilling(person: Pick<Person, 'firstName' | 'lastName' | 'phone'> | undefined, address: Address | undefined, email: string): WooBilling {
  return { ...wooAddress(person, address), email };
}

export interface DraftLine {
  variation: WooVariation;
  parentName: string;
  quantity: number;
  /** What the customer saw per unit (tax-inclusive where prices include tax). */
  unitPrice: string;
}

export interface OrderDraft {
  id: number;
  number: string;
  status: string;
  currency: string;
  placedAt: string;
  now: string;
  customerId: number;
  billing: WooBilling;
  shipping: WooAddress;
  lines: DraftLine[];
  createdVia: 'checkout' | 'rest-api' | 'admin';
  /** The seed's own figures, so that projected orders add up to exactly what the other systems see. */
  figures?: { tax: string; shipping: string; total: string };
}

const cents = (amount: string | number) => Math.round(Number(amount) * 100);
const fromCents = (c: number) => decimal(c / 100);

/** Seed pricing rules for new orders: tax by billing country, free shipping from 100. */
function figuresFor(draft: OrderDraft, grossCents: number): { tax: string; shipping: string; total: string } {
  const rule = taxRates[draft.billing.country] ?? { rate: 0.2, included: true };
  const taxCents = Math.round(rule.included ? grossCents - grossCents / (1 + rule.rate) : grossCents * rule.rate);
  const shippingCents = grossCents >= 10_000 ? 0 : draft.currency === 'GBP' ? 495 : 795;
  return { tax: fromCents(taxCents), shipping: fromCents(shippingCents), total: fromCents(grossCents + (rule.included ? 0 : taxCents) + shippingCents) };
}

/**
 * Builds an order as WooCommerce stores it. Line `subtotal`/`total` are net of tax (when prices
 * include tax the tax is carved out of them), the order's tax is spread over the lines with the
 * last line taking the rounding, and each line's `price` is the float `total / quantity`.
 */
export function buildOrder(draft: OrderDraft, nextItemId: () => number): WooOrder {
  const rule = taxRates[draft.billing.country] ?? { rate: 0.2, included: true };
  const grossLines = draft.lines.map((l) => cents(l.unitPrice) * l.quantity);
  const grossCents = grossLines.reduce((a, b) => a + b, 0);
  const figures = draft.figures ?? figuresFor(draft, grossCents);
  const taxCents = cents(figures.tax);
  let taxLeft = taxCents;
  const lineItems: WooLineItem[] = draft.lines.map((line, i) => {
    const gross = grossLines[i]!;
    const share = i === draft.lines.length - 1 ? taxLeft : Math.round(grossCents ? (taxCents * gross) / grossCents : 0);
    taxLeft -= share;
    const net = rule.included ? gross - share : gross;
    return {
      id: nextItemId(),
      name: line.variation.name,
      product_id: line.variation.parent_id,
      variation_id: line.variation.id,
      quantity: line.quantity,
      tax_class: '',
      subtotal: fromCents(net),
      subtotal_tax: fromCents(share),
      total: fromCents(net),
      total_tax: fromCents(share),
      taxes: [{ id: 1, total: fromCents(share), subtotal: fromCents(share) }],
      meta_data: line.variation.attributes.map((a, n) => ({ id: n + 1, key: a.slug, value: a.option })),
      sku: line.variation.sku,
      price: net / 100 / line.quantity,
      image: { id: line.variation.image?.id ?? '', src: line.variation.image?.src ?? '' },
      parent_name: line.parentName,
    };
  });
  const placed = wooDate(draft.placedAt);
  const paid = ['processing', 'completed', 'refunded'].includes(draft.status) ? placed : null;
  const completedAt = draft.status === 'completed' || draft.status === 'refunded' ? wooDate(Math.min(Date.parse(draft.placedAt) + 2 * DAY, Date.parse(draft.now))) : null;
  const completed = draft.status === 'completed' ? completedAt : null;
  const modified = completedAt ?? placed;
  const orderKey = `wc_order_${createHash('sha1').update(`order-key:${draft.number}`).digest('base64url').replace(/[^A-Za-z0-9]/g, '').slice(0, 13)}`;
  const shippingCents = cents(figures.shipping);
  return {
    id: draft.id,
    parent_id: 0,
    status: draft.status,
    currency: draft.currency,
    version: '10.3.0',
    prices_include_tax: rule.included,
    date_created: placed,
    date_modified: modified,
    discount_total: '0.00',
    discount_tax: '0.00',
    shipping_total: figures.shipping,
    shipping_tax: '0.00',
    cart_tax: figures.tax,
    total: figures.total,
    total_tax: figures.tax,
    customer_id: draft.customerId,
    order_key: orderKey,
    billing: draft.billing,
    shipping: draft.shipping,
    payment_method: 'stripe',
    payment_method_title: 'Credit Card (Stripe)',
    transaction_id: paid ? `pi_${createHash('sha1').update(`txn:${draft.number}`).digest('hex').slice(0, 24)}` : '',
    customer_ip_address: '',
    customer_user_agent: '',
    created_via: draft.createdVia,
    customer_note: '',
    date_completed: completed,
    date_paid: paid,
    cart_hash: '',
    number: draft.number,
    meta_data: [],
    line_items: lineItems,
    tax_lines: taxCents ? [{ id: nextItemId(), rate_code: `${draft.billing.country}-${rule.included ? 'VAT' : 'TAX'}-1`, rate_id: 1, label: rule.included ? 'VAT' : 'Sales Tax', compound: false, tax_total: figures.tax, shipping_tax_total: '0.00', rate_percent: rule.rate * 100, meta_data: [] }] : [],
    shipping_lines: [{ id: nextItemId(), method_title: shippingCents ? 'Flat rate' : 'Free shipping', method_id: shippingCents ? 'flat_rate' : 'free_shipping', instance_id: '1', total: figures.shipping, total_tax: '0.00', taxes: [], meta_data: [] }],
    fee_lines: [],
    coupon_lines: [],
    refunds: draft.status === 'refunded' ? [{ id: nextItemId(), reason: 'Returned', total: `-${figures.total}` }] : [],
    payment_url: `/checkout/order-pay/${draft.id}/?pay_for_order=true&key=${orderKey}`,
    is_editable: ['pending', 'on-hold', 'checkout-draft'].includes(draft.status),
    needs_payment: ['pending', 'failed'].includes(draft.status),
    needs_processing: true,
    date_created_gmt: placed,
    date_modified_gmt: modified,
    date_completed_gmt: completed,
    date_paid_gmt: paid,
    currency_symbol: currencySymbols[draft.currency] ?? draft.currency,
  };
}
