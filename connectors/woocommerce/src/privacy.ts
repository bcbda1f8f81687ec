import { ConnectorError, type PersonDataExport, type PersonErasure } from '@ucg/connector-core';
import type { WooClient } from './client.ts';
import { rawCustomersByEmail } from './customers.ts';
import { allOrdersByEmail } from './orders.ts';
import type { WooOrder } from './types.ts';

/** What WooCommerce's own privacy eraser writes (`wp_privacy_anonymize_data`). */
const DELETED_TEXT = '[deleted]';
const DELETED_EMAIL = 'deleted@site.invalid';

/** Billing/shipping with personal fields blanked; the country stays for the tax record. */
function anonymised(order: WooOrder) {
  const person = { first_name: DELETED_TEXT, last_name: DELETED_TEXT, company: '', address_1: DELETED_TEXT, address_2: '', city: DELETED_TEXT, state: '', postcode: DELETED_TEXT, phone: '' };
  return { id: order.id, billing: { ...person, email: DELETED_EMAIL, country: order.billing.country }, shipping: { ...person, country: order.shipping.country }, customer_note: '' };
}

/** The person's customer accounts and orders, as WooCommerce holds them (GDPR art. 15 / CCPA access). */
export async function exportPerson(client: WooClient, email: string): Promise<PersonDataExport> {
  const [customers, orders] = await Promise.all([rawCustomersByEmail(client, [email]), allOrdersByEmail(client, email)]);
  const records = [...customers.map((c) => ({ type: 'customer', ...c })), ...orders.map((o) => ({ type: 'order', ...o }))];
  return { system: 'marketplace', recordCount: records.length, records };
}

interface BatchAnswer {
  update?: ({ id: number; error?: { code: string; message: string } })[];
}

/**
 * Erasure with what the REST API offers: each customer account with the email is deleted
 * (`DELETE customers/<id>?force=true`; customers cannot be trashed, and `reassign` only concerns
 * posts a user wrote, which shoppers have none of). WooCommerce keeps the orders — they are
 * accounting records — and merely detaches them; with `eraseOrders: "anonymize"` their personal
 * fields are then blanked through `orders/batch` (100 per call), as WooCommerce's own eraser does
 * when the shop enables it. Safe to repeat: a second run finds nothing and answers NOT_FOUND.
 */
export async function erasePerson(client: WooClient, email: string): Promise<PersonErasure> {
  const [customers, orders] = await Promise.all([rawCustomersByEmail(client, [email]), allOrdersByEmail(client, email)]);
  if (!customers.length && !orders.length) return { system: 'marketplace', status: 'NOT_FOUND' };
  for (const c of customers) {
    await client.request({ method: 'DELETE', path: `customers/${c.id}`, query: { force: true }, acceptStatus: [400, 404] });
  }
  const accounts = `${customers.length} customer account${customers.length === 1 ? '' : 's'} deleted`;
  if (!orders.length) return { system: 'marketplace', status: 'ERASED', detail: accounts };
  if (client.config.eraseOrders === 'retain') {
    return { system: 'marketplace', status: 'RETAINED', detail: `${accounts}; ${orders.length} orders kept with billing details (accounting records)` };
  }
  for (let i = 0; i < orders.length; i += 100) {
    const answer = await client.send<BatchAnswer>('POST', 'orders/batch', { update: orders.slice(i, i + 100).map(anonymised) }, { idempotent: true });
    const failed = (answer.update ?? []).filter((u) => u.error);
    if (failed.length) {
      throw new ConnectorError('UPSTREAM_REJECTED', 'marketplace', `could not anonymise ${failed.length} orders: ${failed[0]!.error!.message}`, { vendorCode: failed[0]!.error!.code });
    }
  }
  return { system: 'marketplace', status: 'ERASED', detail: `${accounts}; ${orders.length} orders kept for accounting with personal data anonymised` };
}
