import type { ShipBobClient } from './client.ts';

/** One stock movement at a fulfilment centre, as ShipBob's inventory history reports it. */
export interface InventoryMovement {
  id: string;
  at: string;
  sku: string | null;
  inventoryNativeId: string;
  locationNativeId: string;
  /** Signed change of on-hand units. */
  quantityChange: number;
  category: string | null;
  orderNativeId: string | null;
}

interface WireHistoryDetails {
  facility_id?: number;
  sku?: string | null;
  quantity_change?: number;
}

interface WireHistoryPage {
  data?: {
    inventory_audit_event_id: number;
    inventory_id: number;
    event_category?: string | null;
    event_datetime: string;
    shipbob_order_id?: number | null;
    increment?: WireHistoryDetails | null;
    decrement?: WireHistoryDetails | null;
  }[] | null;
  next?: string | null;
}

/**
 * `POST /inventory/history:query`: ShipBob's own way (2026-01) to learn which stock moved, since it
 * sends no inventory webhooks. Walks every page (`next` repeats the query with a cursor).
 */
export async function inventoryMovements(client: ShipBobClient, locationNativeId: string, since?: string, until?: string): Promise<InventoryMovement[]> {
  const body = { facility_id: Number(locationNativeId), ...(since ? { start_date: since } : {}), ...(until ? { end_date: until } : {}) };
  const out: InventoryMovement[] = [];
  const seen = new Set<string>();
  let path = client.path('inventory/history:query');
  for (;;) {
    const page = await client.http.json<WireHistoryPage>({ method: 'POST', path, body, idempotent: true });
    for (const e of page.data ?? []) {
      const details = e.increment ?? e.decrement ?? {};
      const sign = e.increment ? 1 : -1;
      out.push({
        id: String(e.inventory_audit_event_id), at: e.event_datetime, sku: details.sku ?? null, inventoryNativeId: String(e.inventory_id),
        locationNativeId: String(details.facility_id ?? locationNativeId), quantityChange: sign * Math.abs(details.quantity_change ?? 0),
        category: e.event_category ?? null, orderNativeId: e.shipbob_order_id ? String(e.shipbob_order_id) : null,
      });
    }
    if (!page.next || seen.has(page.next)) return out;
    seen.add(page.next);
    path = page.next;
  }
}
