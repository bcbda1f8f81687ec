import type { CrmCompany, CrmContact, CustomerAccount, LoyaltyTier, Money } from '@ucg/connector-core';
import { customerIdForEmail } from '@ucg/request-context';
import { notAuthenticated } from '@ucg/subgraph-kit';
import type { CustomersContext } from '../context.ts';
import { normaliseEmail } from '../email.ts';
import { pointsValue } from '../loyalty/points-value.ts';

/** A Customer on its way through the resolvers: the person's normalised email. */
export interface CustomerParent {
  email: string;
}

interface LoyaltyParent {
  points: number;
  tier: LoyaltyTier | null;
}

type SalesChannel = 'WEB' | 'MARKETPLACE' | 'POS' | 'B2B';

/** The signed-in customer, or null: an id alone never unlocks a person's record. */
function signedIn(ctx: CustomersContext): CustomerParent | null {
  const email = ctx.request.customer?.email;
  return email ? { email: normaliseEmail(email) } : null;
}

function contact(c: CustomerParent, ctx: CustomersContext): Promise<CrmContact | null> {
  return ctx.loaders.contactByEmail.load(c.email);
}

/** Web-store accounts first, then marketplace ones, and what kept a store from answering. */
async function storeAccounts(c: CustomerParent, ctx: CustomersContext): Promise<{ accounts: CustomerAccount[]; failures: unknown[] }> {
  const settled = await Promise.allSettled([ctx.loaders.webAccountsByEmail.load(c.email), ctx.loaders.marketplaceAccountsByEmail.load(c.email)]);
  return {
    accounts: settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : [])),
    failures: settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : [])),
  };
}

/**
 * A name from the golden record (the CRM), else from the person's store accounts (people who never
 * reached the CRM, or while it is down). Null only when every system answered and none knows it;
 * otherwise the first failure (the CRM's before a store's) is reported.
 */
async function name(c: CustomerParent, ctx: CustomersContext, pick: (p: { firstName: string | null; lastName: string | null }) => string | null): Promise<string | null> {
  const [crm] = await Promise.allSettled([contact(c, ctx)]);
  const fromCrm = crm.status === 'fulfilled' && crm.value ? pick(crm.value) : null;
  if (fromCrm) return fromCrm;
  const stores = await storeAccounts(c, ctx);
  const fromStores = stores.accounts.map(pick).find((n) => n);
  if (fromStores) return fromStores;
  const failure = crm.status === 'rejected' ? crm.reason : stores.failures[0];
  if (failure) throw failure;
  return null;
}

const channelOrder: SalesChannel[] = ['WEB', 'MARKETPLACE', 'POS', 'B2B'];

/** See the SDL: stores must answer (their failure nulls the field); the CRM only adds B2B when it can. */
async function channels(c: CustomerParent, ctx: CustomersContext): Promise<SalesChannel[]> {
  const [web, market, bought, crm] = await Promise.allSettled([
    ctx.loaders.webAccountsByEmail.load(c.email),
    ctx.loaders.marketplaceAccountsByEmail.load(c.email),
    ctx.loaders.webstoreOrderChannelsByEmail.load(c.email),
    contact(c, ctx),
  ]);
  for (const s of [web, market, bought]) if (s.status === 'rejected') throw s.reason;
  const found = new Set<SalesChannel>();
  if ((web.status === 'fulfilled' && web.value.length) || (bought.status === 'fulfilled' && bought.value.has('WEB'))) found.add('WEB');
  if (market.status === 'fulfilled' && market.value.length) found.add('MARKETPLACE');
  if (bought.status === 'fulfilled' && bought.value.has('POS')) found.add('POS');
  if (crm.status === 'fulfilled' && crm.value?.companyId) found.add('B2B');
  return channelOrder.filter((ch) => found.has(ch));
}

function companyNode(company: CrmCompany): { id: string; name: string } {
  // The partner key is what partner identities carry (`ctx.request.partner.companyId`).
  return { id: company.partnerKey ?? company.nativeId, name: company.name };
}

export const customerResolvers = {
  Query: {
    me: (_: unknown, __: unknown, ctx: CustomersContext): CustomerParent => {
      const me = signedIn(ctx);
      if (!me) throw notAuthenticated();
      return me;
    },
  },
  Customer: {
    /**
     * Only the signed-in customer's own id resolves. Other subgraphs reach `email` this way
     * (`@requires(fields: "email")` on orders and carts), so the owner's reference must work.
     */
    __resolveReference: (ref: { id: string }, ctx: CustomersContext): CustomerParent | null => {
      const me = signedIn(ctx);
      return me && customerIdForEmail(me.email) === ref.id ? me : null;
    },
    id: (c: CustomerParent) => customerIdForEmail(c.email),
    email: (c: CustomerParent) => c.email,
    firstName: (c: CustomerParent, _: unknown, ctx: CustomersContext) => name(c, ctx, (p) => p.firstName),
    lastName: (c: CustomerParent, _: unknown, ctx: CustomersContext) => name(c, ctx, (p) => p.lastName),
    channels: (c: CustomerParent, _: unknown, ctx: CustomersContext) => channels(c, ctx),
    loyalty: async (c: CustomerParent, _: unknown, ctx: CustomersContext): Promise<LoyaltyParent | null> => {
      const found = await contact(c, ctx);
      return found ? { points: found.loyaltyPoints, tier: found.loyaltyTier } : null;
    },
    storeCredit: async (c: CustomerParent, _: unknown, ctx: CustomersContext): Promise<Money | null> => (await contact(c, ctx))?.storeCredit ?? null,
    company: async (c: CustomerParent, _: unknown, ctx: CustomersContext) => {
      // Consumers have no company: only buyers the CRM links to one cost the association look-up.
      if (!(await contact(c, ctx))?.companyId) return null;
      const company = await ctx.loaders.companyByEmail.load(c.email);
      return company ? companyNode(company) : null;
    },
  },
  Loyalty: {
    pointsValue: async (l: LoyaltyParent, _: unknown, ctx: CustomersContext): Promise<Money> => {
      const currency = ctx.request.currency;
      return pointsValue(l.points, ctx.pointValueUsd, currency, await ctx.loaders.usdRateByCurrency.load(currency));
    },
  },
  Company: {
    /** A partner sees its own company; a customer the company the CRM links them to; nobody else any. */
    __resolveReference: async (ref: { id: string }, ctx: CustomersContext) => {
      if (ctx.request.partner?.companyId === ref.id) {
        const company = (await ctx.systems.crm.companies()).find((c) => companyNode(c).id === ref.id);
        return company ? companyNode(company) : null;
      }
      const me = signedIn(ctx);
      if (!me || !(await contact(me, ctx))?.companyId) return null;
      const company = await ctx.loaders.companyByEmail.load(me.email);
      return company && companyNode(company).id === ref.id ? companyNode(company) : null;
    },
  },
};
