import type { CrmCompany, CrmContact } from '@ucg/connector-core';
import type { HubSpotClient } from './client.ts';
import { contactsByIds, fetchContact } from './contacts.ts';
import { COMPANY_PROPERTIES, mapCompany } from './map/company.ts';
import type { HubSpotObject } from './map/contact.ts';
import { listAll } from './paging.ts';

interface AssociationPage {
  results: { toObjectId: number | string; associationTypes: { typeId: number; label: string | null; category: string }[] }[];
  paging?: { next?: { after: string } };
}

/** Every partner company, walking every page. */
export async function companies(client: HubSpotClient): Promise<CrmCompany[]> {
  return (await listAll(client, 'companies', COMPANY_PROPERTIES)).map(mapCompany);
}

export async function companyById(client: HubSpotClient, id: string): Promise<CrmCompany | null> {
  const response = await client.http.request({
    path: `/crm/v3/objects/companies/${encodeURIComponent(id)}`,
    query: { properties: COMPANY_PROPERTIES.join(',') },
    acceptStatus: [404],
  });
  return response.status === 404 ? null : mapCompany(response.json<HubSpotObject>());
}

/** The company's contacts (v4 associations, every page), read in batches. Unknown company: none. */
export async function contactsOfCompany(client: HubSpotClient, companyId: string): Promise<CrmContact[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (;;) {
    const response = await client.http.request({
      path: `/crm/v4/objects/companies/${encodeURIComponent(companyId)}/associations/contacts`,
      query: { limit: 500, after },
      acceptStatus: [404],
    });
    if (response.status === 404) return [];
    const page = response.json<AssociationPage>();
    ids.push(...page.results.map((r) => String(r.toObjectId)));
    const next = page.paging?.next?.after;
    if (!next || next === after) break;
    after = next;
  }
  return ids.length ? contactsByIds(client, ids) : [];
}

/**
 * The partner company a contact buys for: the primary association (`contact_to_company`), else
 * the `associatedcompanyid` property, else any associated company. Null for consumers.
 */
export async function companyForContact(client: HubSpotClient, email: string): Promise<CrmCompany | null> {
  const contact = await fetchContact(client, email, ['associatedcompanyid'], { byEmail: true, associations: ['companies'] });
  if (!contact) return null;
  const links = contact.associations?.companies?.results ?? [];
  const id = links.find((l) => l.type === 'contact_to_company')?.id ?? (contact.properties.associatedcompanyid || undefined) ?? links[0]?.id;
  return id ? companyById(client, id) : null;
}
