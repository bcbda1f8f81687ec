import type { PersonDataExport, PersonErasure } from '@ucg/connector-core';
import type { ShipBobClient } from './client.ts';
import type { WireOrder } from './wire.ts';

/**
 * ShipBob keeps no customer records: a person's data lives on the orders shipped to them
 * (recipient name, address, email, phone). `GET /order` cannot filter by email, so finding a
 * person means walking every page of the account's orders.
 */
async function ordersFor(client: ShipBobClient, email: string): Promise<WireOrder[]> {
  const wanted = email.trim().toLowerCase();
  const all = await client.pages<WireOrder>('order', { SortOrder: 'Oldest' });
  return all.filter((o) => o.recipient?.email?.trim().toLowerCase() === wanted || (o.shipments ?? []).some((s) => s.recipient?.email?.trim().toLowerCase() === wanted));
}

/** Every order ShipBob holds for `email`, with the personal data on it (GDPR art. 15 / CCPA access). */
export async function exportPerson(client: ShipBobClient, email: string): Promise<PersonDataExport> {
  const orders = await ordersFor(client, email);
  return {
    system: '3pl-us',
    recordCount: orders.length,
    records: orders.map((o) => ({
      kind: 'fulfilment-order',
      orderId: o.id,
      referenceId: o.reference_id ?? null,
      orderNumber: o.order_number ?? null,
      channel: o.channel?.name ?? null,
      createdAt: o.created_date,
      recipient: o.recipient ?? null,
      shipments: (o.shipments ?? []).map((s) => ({ id: s.id, recipient: s.recipient ?? null, carrier: s.tracking?.carrier ?? null, trackingNumber: s.tracking?.tracking_number ?? null, deliveredAt: s.delivery_date ?? null })),
    })),
  };
}

/**
 * ShipBob's API offers no way to erase or anonymise a recipient: orders cannot be deleted or
 * edited (only an unshipped shipment's address can be changed), and shipped orders are ShipBob's
 * shipping and billing records. So the answer is RETAINED, naming what is held, for the operator
 * to take up with ShipBob under the data-processing agreement.
 */
export async function erasePerson(client: ShipBobClient, email: string): Promise<PersonErasure> {
  const orders = await ordersFor(client, email);
  if (orders.length === 0) return { system: '3pl-us', status: 'NOT_FOUND' };
  const refs = orders.map((o) => o.reference_id ?? String(o.id));
  return {
    system: '3pl-us',
    status: 'RETAINED',
    detail:
      `ShipBob holds the recipient's name, address, email and phone on ${orders.length} fulfilment order(s) ` +
      `(reference ids ${refs.slice(0, 20).join(', ')}${refs.length > 20 ? ', …' : ''}). The ShipBob 2026-01 API cannot delete or anonymise ` +
      'orders or recipients; shipped orders are kept as shipping and billing records. Request erasure from ShipBob support under the data-processing agreement.',
  };
}
