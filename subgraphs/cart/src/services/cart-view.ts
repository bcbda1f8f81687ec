import { compareMoney, type Money } from '@ucg/connector-core';
import type { PriceQuote } from '@ucg/pricing';
import type { CartLoaders } from '../loaders/index.ts';
import { type CartLineRecord, type CartRecord, isReserved } from '../model/cart.ts';
import { cartTotals, type CartTotals } from '../model/totals.ts';

export interface LinePrice {
  /** What the line costs now: the current price, or the price when added if the ERP cannot say. */
  unit: Money;
  quote: PriceQuote | null;
  /** The ERP failed and nothing was cached. */
  failed: boolean;
}

export interface CartProblem {
  code: 'PRICE_CHANGED' | 'NOT_SOLD' | 'PRICES_UNVERIFIED' | 'OUT_OF_STOCK' | 'INSUFFICIENT_STOCK';
  message: string;
  lineId: string | null;
  availableQuantity: number | null;
}

const show = (m: Money) => `${m.amount} ${m.currencyCode}`;

/** Lines are repriced on every read: the current price (shared cache, ERP behind it), never a stored one. */
export async function linePrice(loaders: CartLoaders, cart: CartRecord, line: CartLineRecord): Promise<LinePrice> {
  const lookup = await loaders.priceFor(cart, line.sku);
  if ('failure' in lookup) return { unit: line.price, quote: null, failed: true };
  return { unit: lookup.quote?.price ?? line.price, quote: lookup.quote, failed: false };
}

export async function viewTotals(loaders: CartLoaders, cart: CartRecord): Promise<CartTotals> {
  const prices = await Promise.all(cart.lines.map((l) => linePrice(loaders, cart, l)));
  const unit = new Map(cart.lines.map((l, i) => [l, prices[i]!.unit]));
  return cartTotals(cart, (l) => unit.get(l)!);
}

async function stockProblem(loaders: CartLoaders, cart: CartRecord, line: CartLineRecord, now: number): Promise<CartProblem | null> {
  const stock = await loaders.stock.load(line.sku);
  const problem = (available: number): CartProblem =>
    available <= 0
      ? { code: 'OUT_OF_STOCK', message: `${line.sku} is out of stock`, lineId: line.id, availableQuantity: 0 }
      : { code: 'INSUFFICIENT_STOCK', message: `only ${available} of ${line.sku} can be had`, lineId: line.id, availableQuantity: available };
  if (isReserved(cart, line, now)) {
    // Held for this cart, unless a location's count fell below what is reserved there since.
    let short = 0;
    for (const a of line.allocations) {
      const at = stock.locations.find((l) => l.locationId === a.locationId);
      short += Math.min(a.quantity, at ? Math.max(0, at.reserved - at.held) : a.quantity);
    }
    return short > 0 ? problem(line.quantity - short) : null;
  }
  const free = line.fulfillment.mode === 'PICKUP' ? (stock.locations.find((l) => l.locationId === line.fulfillment.locationId)?.available ?? 0) : stock.available;
  const mine = cart.reservationExpiresAt && Date.parse(cart.reservationExpiresAt) > now ? line.reserved : 0;
  return free + mine < line.quantity ? problem(free + mine) : null;
}

/** What changed since lines were added: prices (against each line's price when added), and stock. A closed cart has none. */
export async function cartProblems(loaders: CartLoaders, cart: CartRecord, now: number): Promise<CartProblem[]> {
  if (cart.status !== 'ACTIVE') return [];
  const prices = await Promise.all(cart.lines.map((l) => linePrice(loaders, cart, l)));
  const stock = await Promise.all(cart.lines.map((l) => stockProblem(loaders, cart, l, now)));
  const problems: CartProblem[] = [];
  cart.lines.forEach((line, i) => {
    const { quote, failed } = prices[i]!;
    if (!failed && !quote) problems.push({ code: 'NOT_SOLD', message: `${line.sku} is no longer sold in ${cart.currencyCode}`, lineId: line.id, availableQuantity: null });
    else if (quote && compareMoney(quote.price, line.price) !== 0) {
      problems.push({ code: 'PRICE_CHANGED', message: `the price changed from ${show(line.price)} to ${show(quote.price)}`, lineId: line.id, availableQuantity: null });
    }
    if (stock[i]) problems.push(stock[i]!);
  });
  if (prices.some((p) => p.failed)) problems.push({ code: 'PRICES_UNVERIFIED', message: 'the ERP cannot be reached: prices are as when the lines were added', lineId: null, availableQuantity: null });
  return problems;
}
