import type { CrmCompany } from '@ucg/connector-core';
import type { HubSpotObject } from './contact.ts';

/** Standard and custom company properties `mapCompany` reads. */
export const COMPANY_PROPERTIES = ['name', 'domain', 'country', 'customer_group', 'erp_customer_id', 'partner_key', 'num_associated_contacts'];

export function mapCompany(c: HubSpotObject): CrmCompany {
  const p = c.properties;
  const count = p.num_associated_contacts == null ? NaN : Number(p.num_associated_contacts);
  return {
    system: 'crm',
    nativeId: c.id,
    name: p.name ?? '',
    domain: p.domain || null,
    countryCode: p.country ? p.country.toUpperCase() : null,
    customerGroup: p.customer_group || null,
    erpCustomerId: p.erp_customer_id || null,
    partnerKey: p.partner_key || null,
    contactCount: Number.isFinite(count) ? count : null,
  };
}
