import DataLoader from 'dataloader';
import type { CrmCompany, CrmContact, CustomerAccount, OrderChannel } from '@ucg/connector-core';
import type { Store } from '@ucg/store';
import type { AccountCaches } from '../cache/account-caches.ts';
import type { PersonCache } from '@ucg/cache';
import type { CustomerSystems } from '../connectors.ts';
import { currentRates } from '../loyalty/exchange-rates.ts';
import { usdRate } from '../loyalty/points-value.ts';

export { POS_LOOKBACK_ORDERS } from '../cache/account-caches.ts';

export interface LoaderDeps {
  systems: Pick<CustomerSystems, 'erp'>;
  caches: AccountCaches;
  store: Store;
  fxCacheTtlMs: number;
}

/** A per-request loader over a per-person cache: null (or `fallback`) where the source knows nobody. */
function throughCache<V, R = V | null>(cache: PersonCache<V>, shape: (value: V | null) => R = (v) => v as R): DataLoader<string, R> {
  return new DataLoader<string, R>(async (emails) => {
    const found = await cache.getMany(emails);
    return emails.map((e) => shape(found.get(e)?.value ?? null));
  });
}

/**
 * Per-request loaders, keyed by normalised email, over the Store-backed per-person caches (see
 * `cache/account-caches.ts`): a cached person costs no legacy call; a miss reads the CRM and the web
 * store for many emails in one call. One system failing rejects only its own loader (unless a
 * last known value answers), so resolvers can degrade field by field.
 */
export function createLoaders({ systems, caches, store, fxCacheTtlMs }: LoaderDeps) {
  return {
    contactByEmail: throughCache<CrmContact>(caches.contact),
    webAccountsByEmail: throughCache<CustomerAccount[], CustomerAccount[]>(caches.webAccounts, (v) => v ?? []),
    marketplaceAccountsByEmail: throughCache<CustomerAccount[], CustomerAccount[]>(caches.marketplaceAccounts, (v) => v ?? []),
    /** The channels of the person's newest web-store orders: online (WEB) and till (POS, Shopify POS) sales. */
    webstoreOrderChannelsByEmail: throughCache<OrderChannel[], Set<OrderChannel>>(caches.webOrderChannels, (v) => new Set(v ?? [])),
    companyByEmail: throughCache<CrmCompany>(caches.company),
    /** 1 USD in each currency asked for, from one read of the ERP's rates. */
    usdRateByCurrency: new DataLoader<string, string>(async (currencies) => {
      if (currencies.every((c) => c === 'USD')) return currencies.map(() => '1');
      const rates = await currentRates(systems.erp, store, fxCacheTtlMs);
      return currencies.map((c) => {
        try {
          return usdRate(rates, c);
        } catch (error) {
          return error as Error;
        }
      });
    }),
  };
}

export type CustomerLoaders = ReturnType<typeof createLoaders>;
