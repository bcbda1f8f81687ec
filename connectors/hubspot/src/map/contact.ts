import { money, type CrmContact, type LoyaltyTier } from '@ucg/connector-core';

/** The custom contact properties the retailer's portal holds loyalty in. */
export const LOYALTY_PROPERTIES = {
  points: 'loyalty_points',
  tier: 'loyalty_tier',
  storeCredit: 'store_credit_balance',
  ledger: 'loyalty_ledger',
} as const;

/** What `mapContact` needs; every read of contacts asks for these. */
export const CONTACT_PROPERTIES = ['email', 'firstname', 'lastname', LOYALTY_PROPERTIES.points, LOYALTY_PROPERTIES.tier, LOYALTY_PROPERTIES.storeCredit, 'associatedcompanyid'];

/** HubSpot's `SimplePublicObject`. */
export interface HubSpotObject {
  id: string;
  properties: Record<string, string | null | undefined>;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
}

const tiers: Record<string, LoyaltyTier> = { bronze: 'BRONZE', silver: 'SILVER', gold: 'GOLD', platinum: 'PLATINUM' };

/** The enumeration value HubSpot stores for a canonical tier. */
export function tierValue(tier: LoyaltyTier): string {
  return tier.toLowerCase();
}

export function mapContact(c: HubSpotObject): CrmContact {
  const p = c.properties;
  const points = Number(p[LOYALTY_PROPERTIES.points] ?? 0);
  return {
    system: 'crm',
    nativeId: c.id,
    email: (p.email ?? '').toLowerCase(),
    firstName: p.firstname || null,
    lastName: p.lastname || null,
    loyaltyPoints: Number.isFinite(points) ? Math.trunc(points) : 0,
    loyaltyTier: tiers[(p[LOYALTY_PROPERTIES.tier] ?? '').toLowerCase()] ?? null,
    // The CRM keeps store credit in USD: the property holds only the amount.
    storeCredit: p[LOYALTY_PROPERTIES.storeCredit] ? money(p[LOYALTY_PROPERTIES.storeCredit]!, 'USD') : null,
    companyId: p.associatedcompanyid || null,
  };
}
