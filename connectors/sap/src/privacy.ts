import type { PersonDataExport, PersonErasure } from '@ucg/connector-core';
import type { SapContext } from './context.ts';
import { anyOf, odataString, stripMetadata } from './odata.ts';

const SERVICE = 'API_BUSINESS_PARTNER';

interface SapEmail {
  AddressID: string;
  EmailAddress: string;
}

interface SapAddress {
  BusinessPartner: string;
  AddressID: string;
}

/**
 * Business partners (contact persons of B2B customers) with this email. Gateway compares
 * `$filter` strings case-sensitively and SADL supports no tolower(): the connector asks for the
 * exact and the lower-cased address and for the mailbox's domain, then matches case-insensitively.
 */
async function partnersWithEmail(ctx: SapContext, email: string): Promise<string[]> {
  const wanted = email.trim().toLowerCase();
  const domain = wanted.slice(wanted.lastIndexOf('@'));
  const filter = `${anyOf('EmailAddress', [...new Set([email.trim(), wanted])])} or endswith(EmailAddress,${odataString(domain)})`;
  const emails = (await ctx.client.list<SapEmail>(SERVICE, 'A_AddressEmailAddress', { $filter: filter })).filter((e) => e.EmailAddress.toLowerCase() === wanted);
  if (emails.length === 0) return [];
  const addresses = await ctx.client.list<SapAddress>(SERVICE, 'A_BusinessPartnerAddress', { $filter: anyOf('AddressID', [...new Set(emails.map((e) => e.AddressID))]), $select: 'BusinessPartner,AddressID' });
  return [...new Set(addresses.map((a) => a.BusinessPartner))].sort();
}

const EXPAND = 'to_BusinessPartnerAddress/to_EmailAddress,to_BusinessPartnerAddress/to_PhoneNumber,to_BusinessPartnerContact';

/** Everything the ERP holds on the person: the business partner, its addresses, emails, phones and contact relationships. */
export async function exportPerson(ctx: SapContext, email: string): Promise<PersonDataExport> {
  const partners = await partnersWithEmail(ctx, email);
  if (partners.length === 0) return { system: 'erp', recordCount: 0, records: [] };
  const [records = []] = await ctx.client.readMany<unknown>(SERVICE, [{ path: 'A_BusinessPartner', query: { $filter: anyOf('BusinessPartner', partners), $expand: EXPAND } }]);
  return { system: 'erp', recordCount: records.length, records: records.map(stripMetadata) };
}

/**
 * SAP offers no deletion of a business partner through its APIs: personal data is blocked
 * (`BusinessPartnerIsBlocked`, the central block) so no new business can use it, and SAP ILM
 * destroys it once the legal retention periods (commercial and tax records) have passed.
 * So a found person is RETAINED (blocked), never ERASED.
 */
export async function erasePerson(ctx: SapContext, email: string): Promise<PersonErasure> {
  const partners = await partnersWithEmail(ctx, email);
  if (partners.length === 0) return { system: 'erp', status: 'NOT_FOUND' };
  for (const bp of partners) {
    await ctx.client.write('PATCH', SERVICE, `A_BusinessPartner(${odataString(bp)})`, { BusinessPartnerIsBlocked: true }, { idempotent: true });
  }
  return {
    system: 'erp',
    status: 'RETAINED',
    detail: `SAP S/4HANA keeps business partner data for its legal retention period; business partner(s) ${partners.join(', ')} are now blocked for further processing and will be destroyed by SAP Information Lifecycle Management when the retention period ends.`,
  };
}
