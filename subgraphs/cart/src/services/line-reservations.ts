import type { StockLedger } from '@ucg/stock-ledger';
import type { CartLineRecord, CartRecord, Fulfillment } from '../model/cart.ts';

/** A line's reservation as it should become. */
export interface Hold {
  reservationId: string;
  sku: string;
  fulfillment: Fulfillment;
  quantity: number;
  /** What the reservation held before this change (null: nothing), to put back if the change fails as a whole. */
  previous: { quantity: number; fulfillment: Fulfillment } | null;
}

export interface Held {
  reserved: number;
  allocations: { locationId: string; quantity: number }[];
}

export type HoldOutcome = { ok: true; held: Held[] } | { ok: false; shortfalls: { index: number; available: number }[] };

/**
 * Reservations for cart lines, through the stock ledger: every check-and-reserve is one atomic
 * step there, so concurrent carts never reserve more than a location holds. A change of several
 * lines is all or nothing: when one cannot be held, the others are put back as they were.
 */
export class LineReservations {
  constructor(private readonly ledger: StockLedger) {}

  private async reserve(cartId: string, hold: Pick<Hold, 'reservationId' | 'sku' | 'fulfillment' | 'quantity'>, expiresAt: number) {
    return this.ledger.reserve({
      sku: hold.sku,
      reservationId: hold.reservationId,
      cartId,
      quantity: hold.quantity,
      expiresAt,
      ...(hold.fulfillment.mode === 'PICKUP' && hold.fulfillment.locationId ? { locationId: hold.fulfillment.locationId } : {}),
    });
  }

  /** Applies every hold, or none: on a shortfall the holds already made are returned to their previous state. */
  async holdAll(cartId: string, holds: readonly Hold[], expiresAt: number): Promise<HoldOutcome> {
    const results = await Promise.all(holds.map((h) => this.reserve(cartId, h, expiresAt)));
    const shortfalls = results.flatMap((r, index) => (r.ok ? [] : [{ index, available: r.available }]));
    if (shortfalls.length === 0) {
      return { ok: true, held: results.map((r) => (r.ok ? { reserved: r.reservation.quantity, allocations: r.reservation.allocations } : { reserved: 0, allocations: [] })) };
    }
    await Promise.all(
      holds.map(async (h, i) => {
        if (!results[i]!.ok) return;
        if (h.previous) await this.reserve(cartId, { ...h, ...h.previous }, expiresAt).catch(() => undefined);
        else await this.ledger.release(h.reservationId).catch(() => undefined);
      }),
    );
    return { ok: false, shortfalls };
  }

  /**
   * Extends every line's reservation to `expiresAt` (a change to the cart keeps all its stock),
   * re-reserving lines whose reservation lapsed. A line short of stock keeps (and extends) what it
   * holds; one that can no longer be held at all keeps its quantity with `reserved: 0`, and its id is
   * returned so the shopper can be told.
   */
  async refresh(cart: CartRecord, lines: readonly CartLineRecord[], expiresAt: number): Promise<string[]> {
    const lost: string[] = [];
    await Promise.all(
      lines.map(async (line) => {
        let result = await this.reserve(cart.id, line, expiresAt);
        // Short of the full quantity, keep (and extend) what the line already holds.
        if (!result.ok && line.reserved > 0 && line.reserved < line.quantity) result = await this.reserve(cart.id, { ...line, quantity: line.reserved }, expiresAt);
        if (result.ok) {
          line.reserved = result.reservation.quantity;
          line.allocations = result.reservation.allocations;
        } else {
          if (line.reserved > 0) lost.push(line.id);
          line.reserved = 0;
          line.allocations = [];
        }
      }),
    );
    return lost;
  }

  async release(reservationIds: readonly string[]): Promise<void> {
    await Promise.all(reservationIds.map((id) => this.ledger.release(id)));
  }
}
