import { EmailBook, PersonCache } from '@ucg/cache';
import { customerIdForEmail } from '@ucg/request-context';
import { lateAnswer, type CrmCompany, type CrmContact, type CustomerAccount, type OrderChannel, type SystemId } from '@ucg/connector-core';
import type { Logger } from '@ucg/service-kit';
import type { Store } from '@ucg/store';
import type { CustomerSystems } from '../connectors.ts';
import { normaliseEmail } from '../email.ts';

/**
 * How many of a person's newest web-store orders are looked at for web and till (POS) purchases:
 * few enough that the order query (30 lines per order) fits Shopify's single-query cost limit, so
 * channels cost exactly one web-store order call.
 */
export const POS_LOOKBACK_ORDERS = 5;

export interface AccountCacheTtls {
  /** CRM contact and company (loyalty, store credit, names): HubSpot pushes changes; this bounds a missed push. */
  crmMs: number;
  /** Web-store and marketplace accounts: they change on sign-up and profile edits only. */
  accountsMs: number;
  /** Channels of the newest web-store orders: a new order is pushed (`orders/create`); this bounds a missed push. */
  webOrdersMs: number;
  /** How long the last known value answers while its system is down. */
  staleIfErrorMs: number;
  /** Longest a read waits for its system before answering without it (the read goes on and fills the cache). */
  answerWithinMs: number;
}

/** Every per-person cache this subgraph keeps, keyed by customer id. */
export interface AccountCaches {
  contact: PersonCache<CrmContact>;
  company: PersonCache<CrmCompany>;
  webAccounts: PersonCache<CustomerAccount[]>;
  marketplaceAccounts: PersonCache<CustomerAccount[]>;
  /** Channels (WEB, POS) of the person's `POS_LOOKBACK_ORDERS` newest web-store orders. */
  webOrderChannels: PersonCache<OrderChannel[]>;
  /** Drops everything cached about these people (normalised e-mails): erasure. */
  forgetEverything(emails: readonly string[]): Promise<void>;
}

/** Groups accounts by normalised email; every e-mail asked gets a list (empty: no account). */
function accountsByEmail(emails: readonly string[], accounts: readonly CustomerAccount[]): Map<string, CustomerAccount[]> {
  const byEmail = new Map<string, CustomerAccount[]>(emails.map((e) => [e, []]));
  for (const a of accounts) byEmail.get(normaliseEmail(a.email))?.push(a);
  return byEmail;
}

const perPerson = <V>(emails: readonly string[], read: (email: string) => Promise<V>) =>
  Promise.all(emails.map(async (e) => [e, await read(e)] as const)).then((pairs) => new Map(pairs));

export function createAccountCaches(deps: { store: Store; systems: Pick<CustomerSystems, 'crm' | 'webstore' | 'marketplace'>; ttl: AccountCacheTtls; logger: Logger }): AccountCaches {
  const { store, systems, ttl, logger } = deps;
  const emails = new EmailBook(customerIdForEmail);
  const within = (system: SystemId) => ({ answerWithin: lateAnswer(system, ttl.answerWithinMs) });
  const common = {
    store,
    emails,
    staleIfErrorMs: ttl.staleIfErrorMs,
    onEvent: (event: { type: string; namespace: string; error?: unknown }) => {
      // The resolver reports a failure it cannot answer around; here only what a stale value hid.
      if (event.type === 'load-error') logger.warn({ err: event.error, cache: event.namespace }, 'legacy read failed; the last known value answered where there was one');
    },
  };
  const caches = {
    contact: new PersonCache<CrmContact>({
      ...common, ...within('crm'), namespace: 'customers:crm-contact', ttlMs: ttl.crmMs,
      load: async (list) => new Map((await systems.crm.contactsByEmail(list)).map((c) => [normaliseEmail(c.email), c])),
    }),
    company: new PersonCache<CrmCompany>({
      ...common, ...within('crm'), namespace: 'customers:crm-company', ttlMs: ttl.crmMs, onePerCall: true,
      load: async (list) => {
        const found = await perPerson(list, (e) => systems.crm.companyForContact(e));
        return new Map([...found].filter((entry): entry is [string, CrmCompany] => entry[1] !== null));
      },
    }),
    webAccounts: new PersonCache<CustomerAccount[]>({
      ...common, ...within('webstore'), namespace: 'customers:web-accounts', ttlMs: ttl.accountsMs,
      load: async (list) => accountsByEmail(list, await systems.webstore.customersByEmail(list)),
    }),
    marketplaceAccounts: new PersonCache<CustomerAccount[]>({
      ...common, ...within('marketplace'), namespace: 'customers:marketplace-accounts', ttlMs: ttl.accountsMs,
      load: async (list) => accountsByEmail(list, await systems.marketplace.customersByEmail(list)),
    }),
    webOrderChannels: new PersonCache<OrderChannel[]>({
      ...common, ...within('webstore'), namespace: 'customers:web-order-channels', ttlMs: ttl.webOrdersMs, onePerCall: true,
      load: (list) => perPerson(list, async (e) => [...new Set(await systems.webstore.orderChannelsByEmail(e, POS_LOOKBACK_ORDERS))]),
    }),
  };
  return {
    ...caches,
    async forgetEverything(list) {
      await Promise.all(Object.values(caches).map((c: { forget(e: readonly string[]): Promise<void> }) => c.forget(list)));
    },
  };
}
