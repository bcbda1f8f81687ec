import { Big, money } from '@ucg/connector-core';
import type { OrderOutbox, PlacedOrder } from '@ucg/order-outbox';
import type { Store } from '@ucg/store';
import type { OrderView } from '../model.ts';

/**
 * Orders the graph took itself (checkout), from the order outbox. Their status is derived where it
 * is read (see `graphOrderStatus`): the record says PENDING until the delivery worker's state and
 * the 3PLs' parcels say more.
 */
export class GraphOrders {
  constructor(
    private readonly outbox: OrderOutbox,
    private readonly store: Store,
    /** Orders reach the stream at most this long after they were placed (the outbox relays stragglers). */
    private readonly publishGraceMs = 10 * 60_000,
  ) {}

  async get(numbers: readonly string[]): Promise<(OrderView | null)[]> {
    return (await this.outbox.getMany(numbers)).map((o) => (o ? fromPlacedOrder(o) : null));
  }

  /** A shopper's graph orders from `offset`, newest first, plus how many there are in all. */
  async byEmail(email: string, page: { first: number; offset: number }): Promise<{ orders: OrderView[]; totalCount: number }> {
    const found = await this.outbox.byEmail(email, page);
    return { orders: found.orders.map(fromPlacedOrder), totalCount: found.totalCount };
  }

  /**
   * Graph orders placed in [from, to). The outbox indexes orders by number and email only, so the
   * stream is the time index: an entry is appended after its order was placed (never before), and
   * at most `publishGraceMs` later, so the stream window [from, to + grace] holds every candidate.
   */
  async placedBetween(from: Date, to: Date): Promise<OrderView[]> {
    const entries = await this.store.xrange(this.outbox.keys.stream, { start: String(from.getTime()), end: String(to.getTime() + this.publishGraceMs) });
    const numbers = [...new Set(entries.map((e) => e.fields.number).filter((n): n is string => !!n))];
    const orders = (await this.outbox.getMany(numbers)).filter((o): o is PlacedOrder => o !== null);
    return orders.filter((o) => Date.parse(o.placedAt) >= from.getTime() && Date.parse(o.placedAt) < to.getTime()).map(fromPlacedOrder);
  }
}

/** A checkout order as an OrderView; allocations come from pickup lines here, the worker's plan says the rest. */
export function fromPlacedOrder(o: PlacedOrder): OrderView {
  const status = o.status === 'PENDING' ? 'PENDING' : o.status;
  return {
    source: 'graph',
    nativeId: o.id,
    number: o.number,
    channel: o.channel,
    status,
    placedAt: o.placedAt,
    email: o.email,
    soldToParty: null,
    currency: o.currencyCode,
    lines: o.lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, unitPrice: l.unitPrice })),
    subtotal: o.subtotal,
    total: o.total,
    netGoods: o.taxIncluded ? money(new Big(o.subtotal.amount).minus(o.tax.amount), o.currencyCode) : o.subtotal,
    storeLocationId: null,
    shipToCountry: o.shippingAddress?.countryCode ?? null,
    allocations: o.lines.flatMap((l) => (l.fulfillment.mode === 'PICKUP' && l.fulfillment.locationId ? [{ sku: l.sku, locationId: l.fulfillment.locationId, quantity: l.quantity }] : [])),
    loyaltyPointsEarned: o.loyaltyPointsEarned,
  };
}
