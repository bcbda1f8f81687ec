import type { PersonDataExport, PersonErasure } from '@ucg/connector-core';
import type { HubSpotClient } from './client.ts';
import type { HubSpotObject } from './map/contact.ts';
import { batchRead } from './paging.ts';

interface PropertyDefinitions {
  results: { name: string }[];
}

/**
 * Everything the CRM holds about the email: the contact with every property the portal defines
 * (standard and custom, loyalty ledger included) and its company associations. Read through a
 * batch read, since a portal's property list is too long for a query string.
 */
export async function exportPerson(client: HubSpotClient, email: string): Promise<PersonDataExport> {
  const definitions = await client.json<PropertyDefinitions>({ path: '/crm/v3/properties/contacts' });
  const [contact] = await batchRead(client, 'contacts', [email.trim().toLowerCase()], definitions.results.map((d) => d.name), 'email');
  if (!contact) return { system: 'crm', recordCount: 0, records: [] };
  const companies = await client.json<{ results: { toObjectId: number | string }[] }>({
    path: `/crm/v4/objects/contacts/${encodeURIComponent(contact.id)}/associations/companies`,
  });
  const record = {
    type: 'contact',
    id: contact.id,
    createdAt: contact.createdAt ?? null,
    updatedAt: contact.updatedAt ?? null,
    properties: Object.fromEntries(Object.entries(contact.properties).filter(([, v]) => v !== null && v !== undefined && v !== '')),
    associatedCompanyIds: companies.results.map((r) => String(r.toObjectId)),
  };
  return { system: 'crm', recordCount: 1, records: [record] };
}

/**
 * HubSpot's GDPR delete: the contact and its associations are removed permanently and the email
 * is blocklisted. An email the CRM does not hold is reported NOT_FOUND without calling it (HubSpot
 * would blocklist any address, and a mistyped request should not block a stranger's email).
 */
export async function erasePerson(client: HubSpotClient, email: string): Promise<PersonErasure> {
  const normalised = email.trim().toLowerCase();
  const found: HubSpotObject[] = await batchRead(client, 'contacts', [normalised], ['email'], 'email');
  if (found.length === 0) return { system: 'crm', status: 'NOT_FOUND' };
  await client.http.request({
    method: 'POST',
    path: '/crm/v3/objects/contacts/gdpr-delete',
    body: { objectId: normalised, idProperty: 'email' },
    // Deleting twice is harmless: by email, HubSpot answers 204 whether or not the contact still exists.
    idempotent: true,
  });
  return { system: 'crm', status: 'ERASED', detail: `contact ${found[0]!.id} permanently deleted with HubSpot GDPR delete; the email is blocklisted` };
}
