import type { Person, Retailer, Shipment } from '@ucg/legacy-seed';
import { carrierNamed } from './carriers.ts';
import type { ShippingAdviceInput } from './doc-945.ts';

const DAY = 86_400_000;

/**
 * The 945s the warehouse sent before the graph existed, rebuilt from the seed's EU shipments of the
 * last `days` days before the seed's "now", grouped by ship date (one interchange per day, as a
 * 3PL's nightly batch would have been). The connector backfills shipments from these files.
 */
export function historicalAdvices(retailer: Retailer, days: number, warehouse: { code: string; name: string }): Map<string, ShippingAdviceInput[]> {
  const now = Date.parse(retailer.now);
  const orders = new Map(retailer.orders.map((o) => [o.number, o]));
  const people = new Map<string, Person>(retailer.people.map((p) => [p.key, p]));
  const grams = new Map(retailer.variants.map((v) => [v.sku, v.weightGrams]));
  const byDay = new Map<string, ShippingAdviceInput[]>();
  const recent = retailer.shipments.filter((s: Shipment) => s.system === '3pl-eu' && now - Date.parse(s.shippedAt) <= days * DAY);
  for (const shipment of recent) {
    const order = orders.get(shipment.orderNumber);
    const address = order?.shippingAddress;
    if (!order || !address) continue;
    const person = order.personKey ? people.get(order.personKey) : undefined;
    const name = person ? `${person.firstName} ${person.lastName}` : 'Customer';
    const advice: ShippingAdviceInput = {
      orderReference: shipment.orderNumber,
      shipmentId: shipment.id,
      shippedAt: new Date(shipment.shippedAt),
      shipFrom: warehouse,
      shipTo: { name, line1: address.line1, city: address.city, province: address.province ?? null, postalCode: address.postalCode, countryCode: address.countryCode },
      carrier: { name: shipment.carrier, scac: carrierNamed(shipment.carrier)?.scac ?? 'ZZZZ' },
      trackingNumber: shipment.trackingNumber,
      lines: shipment.lines.map((l) => ({ sku: l.sku, ordered: l.quantity, shipped: l.quantity })),
      weightKg: shipment.lines.reduce((kg, l) => kg + ((grams.get(l.sku) ?? 0) * l.quantity) / 1000, 0),
    };
    const day = shipment.shippedAt.slice(0, 10);
    const list = byDay.get(day) ?? [];
    list.push(advice);
    byDay.set(day, list);
  }
  return new Map([...byDay].sort(([a], [b]) => a.localeCompare(b)));
}
