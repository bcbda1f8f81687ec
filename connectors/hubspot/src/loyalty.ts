import { Big, isConnectorError, money, type CrmContact, type LoyaltyTier, type Money } from '@ucg/connector-core';
import type { HubSpotClient } from './client.ts';
import { fetchContact } from './contacts.ts';
import { HubSpotError } from './errors.ts';
import type { KeyedLock } from './keyed-lock.ts';
import { appendLedger, assertOperationId, hasOperation, parseLedger } from './ledger.ts';
import { CONTACT_PROPERTIES, LOYALTY_PROPERTIES, mapContact, tierValue, type HubSpotObject } from './map/contact.ts';

/** Earning or redeeming at checkout: amounts are added (negative to redeem). */
export interface LoyaltyDelta {
  /** Stable for the business event (e.g. `order-1001:earn`): applying it again changes nothing. */
  operationId: string;
  pointsDelta?: number;
  /** USD, the currency the CRM keeps store credit in. */
  storeCreditDelta?: Money;
}

/** Setting balances outright (support corrections, migrations). */
export interface LoyaltyValues {
  operationId?: string;
  points?: number;
  tier?: LoyaltyTier;
  storeCredit?: Money;
}

export interface LoyaltyUpdate {
  contact: CrmContact;
  /** False when an earlier call had already applied the operation (a retry): this call changed nothing. */
  applied: boolean;
  operationId: string | null;
}

interface LoyaltyContext {
  client: HubSpotClient;
  lock: KeyedLock;
}

const READ_PROPERTIES = [...CONTACT_PROPERTIES, LOYALTY_PROPERTIES.ledger];

function usd(m: Money): Big {
  if (m.currencyCode !== 'USD') throw new HubSpotError('LOYALTY_CURRENCY_MISMATCH', `store credit is kept in USD, got ${m.currencyCode}`);
  return new Big(m.amount);
}

function wholePoints(n: number, what: string): number {
  if (!Number.isSafeInteger(n)) throw new HubSpotError('LOYALTY_BAD_OPERATION', `${what} must be a whole number, got ${n}`);
  return n;
}

/** A write that may have reached HubSpot although we got no answer: re-read before deciding anything. */
function maybeApplied(error: unknown): boolean {
  return isConnectorError(error) && !error.circuitOpen && (error.code === 'UPSTREAM_TIMEOUT' || error.code === 'UPSTREAM_UNAVAILABLE');
}

/**
 * Read the contact, skip if the operation is in its ledger, else write the new balances and the
 * ledger entry in one update. HubSpot updates one record atomically, so balances and ledger
 * never disagree. When the write's answer is lost, the read is repeated once: the ledger then
 * says whether the first write landed.
 */
async function applyOnce(ctx: LoyaltyContext, email: string, operationId: string | null, plan: (current: HubSpotObject) => { properties: Record<string, string>; detail: string }): Promise<LoyaltyUpdate> {
  const key = email.trim().toLowerCase();
  return ctx.lock(key, async () => {
    for (let attempt = 0; ; attempt++) {
      const current = await fetchContact(ctx.client, key, READ_PROPERTIES, { byEmail: true });
      if (!current) throw new HubSpotError('CRM_CONTACT_NOT_FOUND', `no CRM contact with email ${key}`);
      const ledger = parseLedger(current.properties[LOYALTY_PROPERTIES.ledger]);
      // Found on a second pass, the operation is there because our own first write landed.
      if (operationId && hasOperation(ledger, operationId)) return { contact: mapContact(current), applied: attempt > 0, operationId };
      const { properties, detail } = plan(current);
      if (operationId) {
        properties[LOYALTY_PROPERTIES.ledger] = appendLedger(ledger, { id: operationId, at: new Date().toISOString(), detail }, ctx.client.config.ledgerSize);
      }
      try {
        // Not retried by the HTTP layer: only the re-read above may decide whether to send it again.
        await ctx.client.json({ method: 'PATCH', path: `/crm/v3/objects/contacts/${encodeURIComponent(current.id)}`, body: { properties }, idempotent: false });
      } catch (error) {
        if (attempt === 0 && maybeApplied(error)) continue;
        throw error;
      }
      return { contact: mapContact({ ...current, properties: { ...current.properties, ...properties } }), applied: true, operationId };
    }
  });
}

/** Adds (or, negative, redeems) points and store credit exactly once per operation id. */
export async function updateLoyalty(ctx: LoyaltyContext, email: string, delta: LoyaltyDelta): Promise<LoyaltyUpdate> {
  assertOperationId(delta.operationId);
  const points = delta.pointsDelta === undefined ? undefined : wholePoints(delta.pointsDelta, 'pointsDelta');
  const credit = delta.storeCreditDelta === undefined ? undefined : usd(delta.storeCreditDelta);
  return applyOnce(ctx, email, delta.operationId, (current) => {
    const properties: Record<string, string> = {};
    const detail: string[] = [];
    if (points !== undefined) {
      const balance = Number(current.properties[LOYALTY_PROPERTIES.points] ?? 0);
      const next = balance + points;
      if (next < 0) throw new HubSpotError('LOYALTY_INSUFFICIENT_POINTS', `cannot redeem ${-points} points from a balance of ${balance}`);
      properties[LOYALTY_PROPERTIES.points] = String(next);
      detail.push(`points ${points >= 0 ? '+' : ''}${points}`);
    }
    if (credit !== undefined) {
      const next = new Big(current.properties[LOYALTY_PROPERTIES.storeCredit] || 0).plus(credit);
      if (next.lt(0)) throw new HubSpotError('LOYALTY_INSUFFICIENT_CREDIT', `store credit would fall to ${next.toFixed(2)} USD`);
      properties[LOYALTY_PROPERTIES.storeCredit] = money(next, 'USD').amount;
      detail.push(`credit ${credit.gte(0) ? '+' : ''}${money(credit, 'USD').amount}`);
    }
    return { properties, detail: detail.join(' ') || 'no change' };
  });
}

/** Sets balances and tier outright; with an operation id, a repeat changes nothing. */
export async function setLoyalty(ctx: LoyaltyContext, email: string, values: LoyaltyValues): Promise<LoyaltyUpdate> {
  if (values.operationId !== undefined) assertOperationId(values.operationId);
  if (values.points !== undefined && (wholePoints(values.points, 'points') < 0)) throw new HubSpotError('LOYALTY_BAD_OPERATION', 'points cannot be negative');
  const credit = values.storeCredit === undefined ? undefined : usd(values.storeCredit);
  if (credit?.lt(0)) throw new HubSpotError('LOYALTY_BAD_OPERATION', 'store credit cannot be negative');
  return applyOnce(ctx, email, values.operationId ?? null, () => {
    const properties: Record<string, string> = {};
    if (values.points !== undefined) properties[LOYALTY_PROPERTIES.points] = String(values.points);
    if (values.tier !== undefined) properties[LOYALTY_PROPERTIES.tier] = tierValue(values.tier);
    if (credit !== undefined) properties[LOYALTY_PROPERTIES.storeCredit] = money(credit, 'USD').amount;
    return { properties, detail: `set ${Object.entries(properties).map(([k, v]) => `${k}=${v}`).join(' ')}` };
  });
}
