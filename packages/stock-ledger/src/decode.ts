import type { StoredReservation } from './scripts/common.ts';
import { byteOrder } from './scripts/common.ts';
import type { LocationStock, Reservation, SkuAvailability } from './types.ts';
import { iso } from './validate.ts';

/** Stored records and hashes, turned into the ledger's public shapes. */

export function toReservation(sku: string, reservationId: string, r: StoredReservation): Reservation {
  const allocations = Object.entries(r.allocations)
    .map(([locationId, q]) => ({ locationId, quantity: Number(q) }))
    .sort((a, b) => b.quantity - a.quantity || byteOrder(a.locationId, b.locationId));
  return {
    reservationId,
    sku,
    cartId: r.cartId,
    quantity: Number(r.quantity),
    locationId: r.location === '' ? null : r.location,
    allocations,
    state: r.state,
    expiresAt: iso(r.expiresAt),
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    closedAt: r.closedAt ? iso(r.closedAt) : null,
  };
}

/** The `locations` hash (`held:<loc>`, `reserved:<loc>`, `asOf:<loc>`, …) as per-location stock and totals. */
export function toAvailability(sku: string, hash: Record<string, string>): SkuAvailability {
  const byLocation = new Map<string, Record<string, string>>();
  for (const [field, value] of Object.entries(hash)) {
    const colon = field.indexOf(':');
    const [kind, loc] = [field.slice(0, colon), field.slice(colon + 1)];
    const fields = byLocation.get(loc) ?? {};
    fields[kind] = value;
    byLocation.set(loc, fields);
  }
  const locations: LocationStock[] = [...byLocation]
    .filter(([, f]) => f.held !== undefined)
    .map(([locationId, f]) => {
      const held = Number(f.held);
      const reserved = Number(f.reserved ?? 0);
      return {
        locationId,
        held,
        reserved,
        available: Math.max(0, held - reserved),
        sellable: f.sellable !== '0',
        asOf: f.asOf !== undefined ? iso(f.asOf) : null,
        source: f.source ?? null,
      };
    })
    .sort((a, b) => byteOrder(a.locationId, b.locationId));
  return {
    sku,
    held: locations.reduce((n, l) => n + l.held, 0),
    reserved: locations.reduce((n, l) => n + l.reserved, 0),
    available: locations.reduce((n, l) => n + (l.sellable ? l.available : 0), 0),
    locations,
  };
}
