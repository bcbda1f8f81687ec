import { isConnectorError } from '@ucg/connector-core';
import type { PriceQuote, Pricing } from '@ucg/pricing';
import { userError, type CartWarning, type UserError } from '../errors.ts';
import {
  type CartLineRecord, type CartRecord, type Fulfillment, SHIPPING, findLine, lineIdFor, nextReservationId, sameFulfillment,
} from '../model/cart.ts';
import type { CartLimits, EditContext, EditOutcome } from './cart-service.ts';
import type { Hold, LineReservations } from './line-reservations.ts';
import type { PickupLocations } from './pickup-locations.ts';

export interface EditDeps {
  reservations: LineReservations;
  pricing: Pricing;
  pickup: PickupLocations;
  limits: CartLimits;
}

export interface LineInput {
  sku: string;
  quantity: number;
}

export interface LineUpdate {
  id: string;
  quantity: number;
}

/** SKUs become the stock ledger's hash tags: no braces, 1–256 characters. */
const SKU = /^[^{}\s][^{}]{0,255}$/;

const iso = (ms: number) => new Date(ms).toISOString();

/** Current prices for the cart's currency and group, or the userError to answer when the ERP cannot say. */
export async function currentPrices(pricing: Pricing, cart: CartRecord, skus: readonly string[]): Promise<Map<string, PriceQuote> | UserError> {
  try {
    return await pricing.prices(skus, cart.currencyCode, cart.customerGroup);
  } catch (error) {
    if (isConnectorError(error)) return userError('CART_PRICE_UNAVAILABLE', ['lines']);
    throw error;
  }
}

function shortfall(field: (string | number)[], sku: string, available: number, where = ''): UserError {
  return userError('CART_INSUFFICIENT_STOCK', field, `only ${available} of ${sku} can be reserved${where}`);
}

/**
 * `cartLinesAdd`: each SKU's (shipping) line is raised to the quantity asked, or added. Never
 * lowers a line and never adds twice: a retried request asks for the same quantity and changes
 * nothing (a warning says so). To buy more of an item already in the cart, set its quantity with
 * `cartLinesUpdate`.
 */
export async function addLines(deps: EditDeps, cart: CartRecord, ctx: EditContext, inputs: readonly LineInput[]): Promise<EditOutcome> {
  const errors: UserError[] = [];
  const wanted = new Map<string, { quantity: number; index: number }>();
  inputs.forEach((l, i) => {
    if (typeof l.sku !== 'string' || !SKU.test(l.sku)) errors.push(userError('CART_INVALID_SKU', ['lines', i, 'sku']));
    else if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > deps.limits.maxQuantity) {
      errors.push(userError('CART_INVALID_QUANTITY', ['lines', i, 'quantity'], `quantity must be 1–${deps.limits.maxQuantity}`));
    } else wanted.set(l.sku, { quantity: Math.max(l.quantity, wanted.get(l.sku)?.quantity ?? 0), index: i });
  });
  if (errors.length) return { userErrors: errors };
  const prices = await currentPrices(deps.pricing, cart, [...wanted.keys()]);
  if (!(prices instanceof Map)) return { userErrors: [prices] };

  const warnings: CartWarning[] = [];
  const holds: Hold[] = [];
  const apply: ((held: { reserved: number; allocations: CartLineRecord['allocations'] }) => void)[] = [];
  const fields: (string | number)[][] = [];
  let lineCount = cart.lines.length;
  for (const [sku, { quantity, index }] of wanted) {
    const price = prices.get(sku);
    if (!price) {
      errors.push(userError('CART_UNKNOWN_SKU', ['lines', index, 'sku'], `${sku} has no ${cart.currencyCode} price: it is not sold`));
      continue;
    }
    const id = lineIdFor(cart.id, sku, SHIPPING);
    const line = cart.lines.find((l) => l.id === id);
    if (line && line.quantity >= quantity) {
      warnings.push({ code: 'CART_QUANTITY_UNCHANGED', message: `the line already holds ${line.quantity}; set a new quantity with cartLinesUpdate`, target: line.id });
      continue;
    }
    if (!line && ++lineCount > deps.limits.maxLines) {
      errors.push(userError('CART_TOO_MANY_LINES', ['lines', index], `a cart holds at most ${deps.limits.maxLines} lines`));
      continue;
    }
    const reservationId = line?.reservationId ?? nextReservationId(cart);
    holds.push({ reservationId, sku, fulfillment: SHIPPING, quantity, previous: line ? { quantity: line.quantity, fulfillment: line.fulfillment } : null });
    fields.push(['lines', index, 'quantity']);
    apply.push((held) => {
      const target = line ?? { id, sku, fulfillment: SHIPPING, reservationId, addedAt: iso(ctx.now), quantity: 0, reserved: 0, allocations: [], price: price.price };
      Object.assign(target, { quantity, price: price.price, ...held });
      if (!line) {
        cart.lines.push(target);
        // An id that once pointed elsewhere (the item moved to pickup, say) now names this line again.
        delete cart.movedLines[id];
      }
    });
  }
  if (errors.length) return { userErrors: errors };
  const outcome = await deps.reservations.holdAll(cart.id, holds, ctx.reservationUntil);
  if (!outcome.ok) return { userErrors: outcome.shortfalls.map((s) => shortfall(fields[s.index]!, holds[s.index]!.sku, s.available)), warnings };
  outcome.held.forEach((held, i) => apply[i]!(held));
  return { userErrors: [], warnings, held: new Set(holds.map((h) => lineIdFor(cart.id, h.sku, SHIPPING))) };
}

/** `cartLinesUpdate`: sets quantities (0 removes the line); the same request again changes nothing. */
export async function updateLines(deps: EditDeps, cart: CartRecord, ctx: EditContext, updates: readonly LineUpdate[]): Promise<EditOutcome> {
  const errors: UserError[] = [];
  const changes = new Map<CartLineRecord, { quantity: number; index: number }>();
  updates.forEach((u, i) => {
    const line = findLine(cart, u.id);
    if (!line) errors.push(userError('CART_LINE_NOT_FOUND', ['lines', i, 'id']));
    else if (!Number.isInteger(u.quantity) || u.quantity < 0 || u.quantity > deps.limits.maxQuantity) {
      errors.push(userError('CART_INVALID_QUANTITY', ['lines', i, 'quantity'], `quantity must be 0–${deps.limits.maxQuantity}`));
    } else changes.set(line, { quantity: u.quantity, index: i });
  });
  if (errors.length) return { userErrors: errors };
  const kept = [...changes].filter(([line, c]) => c.quantity > 0 && c.quantity !== line.quantity);
  const prices = kept.length ? await currentPrices(deps.pricing, cart, kept.map(([l]) => l.sku)) : new Map<string, PriceQuote>();
  const holds: Hold[] = kept.map(([line, c]) => ({ ...line, quantity: c.quantity, previous: { quantity: line.quantity, fulfillment: line.fulfillment } }));
  const outcome = await deps.reservations.holdAll(cart.id, holds, ctx.reservationUntil);
  if (!outcome.ok) {
    return { userErrors: outcome.shortfalls.map((s) => shortfall(['lines', kept[s.index]![1].index, 'quantity'], holds[s.index]!.sku, s.available)) };
  }
  outcome.held.forEach((held, i) => {
    const [line, c] = kept[i]!;
    // The shopper chose this quantity at today's price: that is the price later changes are measured against.
    const price = prices instanceof Map ? prices.get(line.sku)?.price : undefined;
    Object.assign(line, { quantity: c.quantity, ...held, ...(price ? { price } : {}) });
  });
  const removed = [...changes].filter(([, c]) => c.quantity === 0).map(([line]) => line);
  await deps.reservations.release(removed.map((l) => l.reservationId));
  cart.lines = cart.lines.filter((l) => !removed.includes(l));
  return { userErrors: [], held: new Set(kept.map(([l]) => l.id)) };
}

/** `cartLinesRemove`: lines go, their stock goes back; ids already removed are ignored (a retry). */
export async function removeLines(deps: EditDeps, cart: CartRecord, lineIds: readonly string[]): Promise<EditOutcome> {
  const removed = new Set(lineIds.map((id) => findLine(cart, id)).filter((l): l is CartLineRecord => l !== undefined));
  await deps.reservations.release([...removed].map((l) => l.reservationId));
  cart.lines = cart.lines.filter((l) => !removed.has(l));
  return { userErrors: [] };
}

/**
 * `cartFulfillmentSet`: lines move to shipping, or to pickup at one store, taking their reservation
 * with them (the ledger moves it in one step, counting the line's own units). A line moved onto an
 * item already in the cart with that fulfilment joins it. All or nothing.
 */
export async function setFulfillment(
  deps: EditDeps, cart: CartRecord, ctx: EditContext, lineIds: readonly string[], mode: 'SHIPPING' | 'PICKUP', locationId: string | null,
): Promise<EditOutcome> {
  if (mode === 'PICKUP' && !locationId) return { userErrors: [userError('CART_PICKUP_LOCATION_REQUIRED', ['locationId'])] };
  if (mode === 'PICKUP' && !(await deps.pickup.offersPickup(locationId!))) return { userErrors: [userError('CART_PICKUP_LOCATION_INVALID', ['locationId'])] };
  const to: Fulfillment = mode === 'PICKUP' ? { mode, locationId } : SHIPPING;
  const errors: UserError[] = [];
  const moving = new Map<string, { lines: CartLineRecord[]; index: number }>();
  lineIds.forEach((id, i) => {
    const line = findLine(cart, id);
    if (!line) errors.push(userError('CART_LINE_NOT_FOUND', ['lineIds', i]));
    else if (!sameFulfillment(line.fulfillment, to)) {
      const group = moving.get(line.sku) ?? { lines: [], index: i };
      if (!group.lines.includes(line)) group.lines.push(line);
      moving.set(line.sku, group);
    }
  });
  if (errors.length) return { userErrors: errors };
  // Per SKU, the lines moving (and a line already there) become one line holding one reservation.
  const plans = [...moving].map(([sku, { lines, index }]) => {
    const id = lineIdFor(cart.id, sku, to);
    const there = cart.lines.find((l) => l.id === id) ?? null;
    const keeper = there ?? lines[0]!;
    const quantity = lines.reduce((n, l) => n + l.quantity, there?.quantity ?? 0);
    return { sku, id, index, lines, there, keeper, quantity };
  });
  const holds: Hold[] = plans.map((p) => ({ reservationId: p.keeper.reservationId, sku: p.sku, fulfillment: to, quantity: p.quantity, previous: { quantity: p.keeper.quantity, fulfillment: p.keeper.fulfillment } }));
  const outcome = await deps.reservations.holdAll(cart.id, holds, ctx.reservationUntil);
  if (!outcome.ok) {
    const where = mode === 'PICKUP' ? ` at ${locationId}` : ' for shipping';
    return { userErrors: outcome.shortfalls.map((s) => shortfall(['lineIds', plans[s.index]!.index], plans[s.index]!.sku, s.available, where)) };
  }
  for (const [i, p] of plans.entries()) {
    const gone = p.lines.filter((l) => l !== p.keeper);
    await deps.reservations.release(gone.map((l) => l.reservationId));
    const merged: CartLineRecord = { ...p.keeper, id: p.id, fulfillment: to, quantity: p.quantity, ...outcome.held[i]! };
    for (const l of p.lines) if (l.id !== p.id) cart.movedLines[l.id] = p.id;
    delete cart.movedLines[p.id];
    // The line keeps its place in the cart.
    const place = cart.lines.indexOf(p.there ?? p.keeper);
    cart.lines = cart.lines.flatMap((l, at) => (at === place ? [merged] : p.lines.includes(l) || l === p.there ? [] : [l]));
  }
  return { userErrors: [], held: new Set(plans.map((p) => p.id)) };
}
