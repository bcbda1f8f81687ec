import { createHash, randomBytes } from 'node:crypto';
import type { Money } from '@ucg/connector-core';

export type FulfillmentMode = 'SHIPPING' | 'PICKUP';

export interface Fulfillment {
  mode: FulfillmentMode;
  /** The pickup store (`webstore:<id>`); null for shipping. */
  locationId: string | null;
}

export interface CartLineRecord {
  /** Derived from cart, SKU and fulfilment: the same item added again is the same line. */
  id: string;
  sku: string;
  quantity: number;
  fulfillment: Fulfillment;
  /** The stock-ledger reservation of this line; kept when the line moves (pickup ↔ shipping). */
  reservationId: string;
  /** Units the reservation held after the last change; less than `quantity` when stock ran short. */
  reserved: number;
  allocations: { locationId: string; quantity: number }[];
  /** The unit price when the shopper last chose this quantity: `problems` report PRICE_CHANGED against it. */
  price: Money;
  addedAt: string;
}

export type CartStatus = 'ACTIVE' | 'COMPLETED' | 'MERGED';

export interface CartRecord {
  id: string;
  currencyCode: string;
  countryCode: string;
  /** ERP customer group prices come from (a partner's group, else retail "01"). */
  customerGroup: string;
  /** The signed-in buyer (lower case); null for a guest cart. */
  buyerEmail: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  /** When every line's reservation lapses; null without lines. */
  reservationExpiresAt: string | null;
  lines: CartLineRecord[];
  /** Ids of lines that moved (fulfilment change, merge) → the line they became, so retries still find them. */
  movedLines: Record<string, string>;
  /** Reservation ids are `<cart token>.<n>`: a retried change reuses the number, a new line takes the next. */
  reservationSeq: number;
  /** Bumped by every write; a write expecting another version is refused (see CartStore.save). */
  version: number;
  status: CartStatus;
  /** A checkout under way: other changes wait until it ends. */
  checkout: { key: string; startedAt: string } | null;
  orderNumber: string | null;
  /** The customer cart this guest cart was merged into at sign-in. */
  mergedInto: string | null;
}

const CART_ID = /^gid:\/\/ucg\/Cart\/([A-Za-z0-9_-]{16,64})$/;

/** A fresh cart id: 128 random bits, so a guest cart's id is its capability. */
export function newCartId(): string {
  return `gid://ucg/Cart/${randomBytes(16).toString('base64url')}`;
}

/** The token inside a cart id (the hash tag of its keys), or null for anything else. */
export function cartToken(cartId: string): string | null {
  return CART_ID.exec(cartId)?.[1] ?? null;
}

/** The line id for an item: stable for cart + SKU + fulfilment, opaque to clients. */
export function lineIdFor(cartId: string, sku: string, fulfillment: Fulfillment): string {
  const digest = createHash('sha256').update(`${cartId}\n${sku}\n${fulfillment.mode}\n${fulfillment.locationId ?? ''}`).digest('base64url');
  return `gid://ucg/CartLine/${digest.slice(0, 24)}`;
}

export const SHIPPING: Fulfillment = Object.freeze({ mode: 'SHIPPING', locationId: null });

export function sameFulfillment(a: Fulfillment, b: Fulfillment): boolean {
  return a.mode === b.mode && (a.locationId ?? null) === (b.locationId ?? null);
}

/** Finds a line by id, following moves (a line whose fulfilment changed, or that was merged). */
export function findLine(cart: CartRecord, lineId: string): CartLineRecord | undefined {
  let id = lineId;
  for (let hops = 0; hops < 10; hops++) {
    const line = cart.lines.find((l) => l.id === id);
    if (line) return line;
    const next = cart.movedLines[id];
    if (!next) return undefined;
    id = next;
  }
  return undefined;
}

/** The next reservation id of a cart (and the counter moved on). */
export function nextReservationId(cart: CartRecord): string {
  cart.reservationSeq += 1;
  return `${cartToken(cart.id)}.${cart.reservationSeq}`;
}

export function totalQuantity(cart: CartRecord): number {
  return cart.lines.reduce((n, l) => n + l.quantity, 0);
}

/** True while the line's units are held for the cart (the reservation is complete and not lapsed). */
export function isReserved(cart: CartRecord, line: CartLineRecord, now: number): boolean {
  return line.reserved >= line.quantity && cart.reservationExpiresAt !== null && Date.parse(cart.reservationExpiresAt) > now;
}
