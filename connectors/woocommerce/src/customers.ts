import type { CustomerAccount } from '@ucg/connector-core';
import { mapLimit, type WooClient } from './client.ts';
import { mapCustomer } from './map/customer.ts';
import type { WooCustomer } from './types.ts';

/**
 * The accounts registered with each email. `customers?email=` takes one address per request
 * (no batch lookup exists), so the lookups run in parallel up to the configured concurrency.
 * WooCommerce's match is exact but case-insensitive (MySQL collation); `role=all` includes
 * customers a shop manager promoted to another role.
 */
export async function rawCustomersByEmail(client: WooClient, emails: readonly string[]): Promise<WooCustomer[]> {
  const unique = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  const found = await mapLimit(unique, client.config.concurrency, (email) => client.get<WooCustomer[]>('customers', { email, role: 'all', per_page: 10 }));
  const byId = new Map<number, WooCustomer>();
  for (const c of found.flat()) if (unique.includes(c.email.trim().toLowerCase())) byId.set(c.id, c);
  return [...byId.values()];
}

export async function customersByEmail(client: WooClient, emails: readonly string[]): Promise<CustomerAccount[]> {
  return (await rawCustomersByEmail(client, emails)).map(mapCustomer);
}
