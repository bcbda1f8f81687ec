import type { Allocation } from '@ucg/stock-ledger';
import type { PlacedOrder } from '@ucg/order-outbox';
import type { DeliveryPlan, DeliveryTarget, HandedTo } from '../delivery/state.ts';

/** Looks up where checkout's reservation put a line's units (the stock ledger keeps committed reservations a day). */
export type AllocationLookup = (reservationId: string) => Promise<Allocation[] | null>;

/** Countries the US 3PL ships to when nothing says where the stock was reserved. */
const US_3PL_COUNTRIES = new Set(['US', 'CA']);

/** The warehouse a stock location ships from; retail stores (ship-from-store, pickup) need no 3PL. */
function warehouseOf(locationId: string): HandedTo | null {
  const system = locationId.slice(0, locationId.indexOf(':'));
  if (system === '3pl-us' || system === '3pl-eu') return system;
  if (system === 'erp') return 'erp-plant';
  return null;
}

/**
 * What goes where. Every order goes to the ERP (as a sales order) and to the CRM (points); each
 * line's units go to the warehouse their stock was reserved at: the line's own allocations when the
 * record carries them, else the stock ledger's reservation, else (a reservation long forgotten) by
 * ship-to country. Lines collected at a store go to no 3PL.
 */
export async function planDelivery(order: PlacedOrder, lookup: AllocationLookup | null, now = new Date()): Promise<DeliveryPlan> {
  const shipments: DeliveryPlan['shipments'] = {};
  const add = (warehouse: HandedTo, sku: string, quantity: number) => {
    const lines = (shipments[warehouse] ??= []);
    const line = lines.find((l) => l.sku === sku);
    if (line) line.quantity += quantity;
    else lines.push({ sku, quantity });
  };
  const sources = new Set<DeliveryPlan['decidedBy']>();
  for (const line of order.lines) {
    if (line.fulfillment.mode === 'PICKUP') {
      sources.add('pickup');
      continue;
    }
    const own = (line as { allocations?: Allocation[] }).allocations;
    const allocations = own?.length ? own : line.reservationId && lookup ? await lookup(line.reservationId) : null;
    if (allocations?.length) {
      sources.add(own?.length ? 'allocations' : 'reservations');
      let left = line.quantity;
      for (const a of allocations) {
        const warehouse = warehouseOf(a.locationId);
        const units = Math.min(a.quantity, left);
        left -= units;
        if (warehouse && units > 0) add(warehouse, line.sku, units);
      }
      continue;
    }
    sources.add('country');
    add(US_3PL_COUNTRIES.has(order.shippingAddress?.countryCode ?? order.countryCode) ? '3pl-us' : '3pl-eu', line.sku, line.quantity);
  }
  const threePls = (['3pl-us', '3pl-eu'] as const).filter((w) => shipments[w]?.length);
  const targets: DeliveryTarget[] = ['erp', ...threePls, 'crm'];
  const decidedBy = (['country', 'reservations', 'allocations', 'pickup'] as const).find((s) => sources.has(s)) ?? 'pickup';
  return { targets, shipments, decidedBy, plannedAt: now.toISOString() };
}
