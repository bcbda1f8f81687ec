import { ConnectorError, type CustomerAccount, type PersonDataExport, type PersonErasure } from '@ucg/connector-core';
import type { ShopifyClient } from './client.ts';
import { PageSizer, chunk, fetchPages, searchValue, type Page } from './cost-planning.ts';
import { mapCustomer, type ShopifyCustomer } from './map/order.ts';
import { emailQuery, searchOrders } from './orders.ts';

const CUSTOMER_FIELDS = /* GraphQL */ `
  id email firstName lastName phone createdAt numberOfOrders amountSpent { amount currencyCode }
  defaultEmailAddress { marketingState }
  defaultAddress { address1 address2 city provinceCode zip countryCodeV2 }
`;

/**
 * Customer accounts for the given emails. Shopify stores emails as typed ("Ava.Chen@…"), and its
 * search matches case-insensitively; the answer is filtered the same way.
 */
export async function customersByEmail(client: ShopifyClient, emails: readonly string[]): Promise<CustomerAccount[]> {
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
  const found: CustomerAccount[] = [];
  for (const batch of chunk(wanted, 25)) {
    const page = await fetchPages<ShopifyCustomer>(async (first, after) => {
      const data = await client.request<{ customers: Page<ShopifyCustomer> }>(
        `query CustomersByEmail($first: Int!, $after: String, $query: String!) { customers(first: $first, after: $after, query: $query) { nodes { ${CUSTOMER_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
        { first, after, query: batch.map((e) => `email:${searchValue(e)}`).join(' OR ') },
      );
      return data.customers;
    }, new PageSizer(batch.length * 2));
    found.push(...page.nodes.filter((c) => c.email && batch.includes(c.email.toLowerCase())).map(mapCustomer));
  }
  return found;
}

/** Everything the web store holds about a person: customer accounts and orders placed with the email. */
export async function exportPerson(client: ShopifyClient, sizer: PageSizer, email: string): Promise<PersonDataExport> {
  const [accounts, orders] = await Promise.all([
    customersByEmail(client, [email]),
    searchOrders(client, sizer, emailQuery(email), Number.POSITIVE_INFINITY, null),
  ]);
  const records = [...accounts.map((a) => ({ type: 'customer', ...a })), ...orders.orders.map((o) => ({ type: 'order', ...o }))];
  return { system: 'webstore', recordCount: records.length, records };
}

interface UserError { field: string[] | null; message: string; code?: string | null }

/**
 * Erasure through what Shopify offers: `customerDelete` for an account without orders, otherwise
 * `customerRequestDataErasure` (Shopify redacts the customer and the personal data on their
 * orders, keeping the orders for the merchant's accounts). Guest orders without an account cannot
 * be erased through the API, so they are reported as retained.
 */
export async function erasePerson(client: ShopifyClient, sizer: PageSizer, email: string): Promise<PersonErasure> {
  const accounts = await customersByEmail(client, [email]);
  if (!accounts.length) {
    const guest = await searchOrders(client, sizer, emailQuery(email), 1, null);
    return guest.orders.length
      ? { system: 'webstore', status: 'RETAINED', detail: 'guest orders without a customer account; Shopify offers no API to redact them' }
      : { system: 'webstore', status: 'NOT_FOUND' };
  }
  const done: string[] = [];
  for (const account of accounts) {
    if (account.orderCount === 0) {
      const data = await client.request<{ customerDelete: { deletedCustomerId: string | null; userErrors: UserError[] } }>(
        'mutation Delete($id: ID!) { customerDelete(input: { id: $id }) { deletedCustomerId userErrors { field message } } }',
        { id: account.nativeId }, { idempotent: true },
      );
      if (!data.customerDelete.userErrors.length) { done.push(`deleted ${account.nativeId}`); continue; }
    }
    const data = await client.request<{ customerRequestDataErasure: { customerId: string | null; userErrors: UserError[] } }>(
      'mutation Erase($id: ID!) { customerRequestDataErasure(customerId: $id) { customerId userErrors { field message code } } }',
      { id: account.nativeId }, { idempotent: true },
    );
    const error = data.customerRequestDataErasure.userErrors[0];
    if (error && error.code !== 'DOES_NOT_EXIST') {
      throw new ConnectorError('UPSTREAM_REJECTED', 'webstore', `customerRequestDataErasure refused: ${error.message}`, { vendorCode: error.code ?? undefined });
    }
    done.push(`erasure requested for ${account.nativeId}`);
  }
  return { system: 'webstore', status: 'ERASED', detail: done.join('; ') };
}
