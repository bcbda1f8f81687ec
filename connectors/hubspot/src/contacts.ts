import type { CrmContact, LoyaltyTier } from '@ucg/connector-core';
import type { HubSpotClient } from './client.ts';
import { CONTACT_PROPERTIES, mapContact, tierValue, type HubSpotObject } from './map/contact.ts';
import { batchRead, listAll, searchAll, type HubSpotFilter } from './paging.ts';

/** What `searchContacts` can ask for; every field given must match (one HubSpot filter group). */
export interface ContactFilter {
  /** Email at this domain (`CONTAINS_TOKEN *@domain`). */
  emailDomain?: string;
  tiers?: readonly LoyaltyTier[];
  minPoints?: number;
  /** Changed at or after this instant (ISO-8601). */
  updatedSince?: string;
  /** Primary company (HubSpot record id). */
  companyId?: string;
}

/** Contacts by email (case-insensitive, as HubSpot stores emails lower-cased). Missing emails are simply absent. */
export async function contactsByEmail(client: HubSpotClient, emails: readonly string[]): Promise<CrmContact[]> {
  const unique = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
  return (await batchRead(client, 'contacts', unique, CONTACT_PROPERTIES, 'email')).map(mapContact);
}

/** Contacts by HubSpot record id (webhook events name contacts by id). Missing ids are simply absent. */
export async function contactsByIds(client: HubSpotClient, ids: readonly string[]): Promise<CrmContact[]> {
  return (await batchRead(client, 'contacts', [...new Set(ids)], CONTACT_PROPERTIES)).map(mapContact);
}

/** One contact by record id, or null. */
export async function contactById(client: HubSpotClient, id: string): Promise<CrmContact | null> {
  const found = await fetchContact(client, id, CONTACT_PROPERTIES);
  return found ? mapContact(found) : null;
}

/** A contact's raw record by id or (with `byEmail`) by email; null on 404. */
export async function fetchContact(client: HubSpotClient, idOrEmail: string, properties: readonly string[], options: { byEmail?: boolean; associations?: string[] } = {}): Promise<HubSpotObject | null> {
  const response = await client.http.request({
    path: `/crm/v3/objects/contacts/${encodeURIComponent(options.byEmail ? idOrEmail.trim().toLowerCase() : idOrEmail)}`,
    query: {
      properties: properties.join(','),
      ...(options.byEmail ? { idProperty: 'email' } : {}),
      ...(options.associations?.length ? { associations: options.associations.join(',') } : {}),
    },
    acceptStatus: [404],
  });
  return response.status === 404 ? null : response.json<HubSpotObject>();
}

/** Every contact, walking every page of the list endpoint. */
export async function listContacts(client: HubSpotClient): Promise<CrmContact[]> {
  return (await listAll(client, 'contacts', CONTACT_PROPERTIES)).map(mapContact);
}

export function contactFilters(filter: ContactFilter): HubSpotFilter[] {
  const filters: HubSpotFilter[] = [];
  if (filter.emailDomain) filters.push({ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: `*@${filter.emailDomain.toLowerCase()}` });
  // HubSpot's IN compares against lower-cased values: enumeration values must be sent lower-case.
  if (filter.tiers?.length) filters.push({ propertyName: 'loyalty_tier', operator: 'IN', values: filter.tiers.map(tierValue) });
  if (filter.minPoints !== undefined) filters.push({ propertyName: 'loyalty_points', operator: 'GTE', value: String(filter.minPoints) });
  if (filter.updatedSince) filters.push({ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(Date.parse(filter.updatedSince)) });
  if (filter.companyId) filters.push({ propertyName: 'associatedcompanyid', operator: 'EQ', value: filter.companyId });
  return filters;
}

/** Every contact matching the filter, walking every search page (and past HubSpot's 10,000-result cap). */
export async function searchContacts(client: HubSpotClient, filter: ContactFilter): Promise<CrmContact[]> {
  return (await searchAll(client, 'contacts', contactFilters(filter), CONTACT_PROPERTIES)).map(mapContact);
}
