import { ReadThroughCache } from '@ucg/cache';
import type { HubSpotConnector } from '@ucg/connector-hubspot';
import type { Store } from '@ucg/store';

/**
 * Which ERP customer (sold-to party) a partner company buys as. The gateway names the calling
 * partner by company id (`acme`); the CRM holds each partner company with its partner key and
 * `erp_customer_id`. Overrides from configuration win (for companies the CRM does not map); the
 * CRM's answer is cached in the Store, so one companies read serves every partner for the TTL.
 */
export class PartnerAccounts {
  private readonly cache: ReadThroughCache<string>;

  constructor(
    crm: Pick<HubSpotConnector, 'companies'>,
    store: Store,
    private readonly overrides: Readonly<Record<string, string>>,
    ttlMs: number,
  ) {
    this.cache = new ReadThroughCache<string>({
      store,
      namespace: 'orders:partner-erp-customer',
      ttlMs,
      load: async (companyIds) => {
        const wanted = new Set(companyIds);
        const found = new Map<string, string>();
        for (const company of await crm.companies()) {
          if (!company.erpCustomerId) continue;
          for (const id of [company.partnerKey, company.nativeId]) if (id && wanted.has(id)) found.set(id, company.erpCustomerId);
        }
        return found;
      },
    });
  }

  /** The company's ERP customer number, or null when it has none (such a partner sees no orders). */
  async erpCustomerFor(companyId: string): Promise<string | null> {
    const override = this.overrides[companyId];
    if (override) return override;
    return (await this.cache.get(companyId)).value;
  }
}
