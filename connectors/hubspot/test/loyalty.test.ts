import { money } from '@ucg/connector-core';
import { describe, expect, it } from 'vitest';
import { isHubSpotError } from '../src/index.ts';
import { crmCalls, harness } from './helpers.ts';

const AVA = 'ava.chen@example.com';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function code(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  return isHubSpotError(error) ? error.code : String(error);
}

describe('HubSpot loyalty', () => {
  it('applies an earning or redemption once per operation id, however often it is retried', async () => {
    const { standIn, connector } = await harness();
    const ava = standIn.store.find('contacts', AVA, 'email')!;
    const before = Number(ava.properties.loyalty_points);

    const first = await connector.updateLoyalty('Ava.Chen@example.com', { operationId: 'order-1001:earn', pointsDelta: 120, storeCreditDelta: money('-5', 'USD') });
    expect(first).toMatchObject({ applied: true, operationId: 'order-1001:earn', contact: { loyaltyPoints: before + 120, storeCredit: { amount: '20.00', currencyCode: 'USD' } } });
    const again = await connector.updateLoyalty(AVA, { operationId: 'order-1001:earn', pointsDelta: 120, storeCreditDelta: money('-5', 'USD') });
    expect(again).toMatchObject({ applied: false, contact: { loyaltyPoints: before + 120 } });

    const racing = await Promise.all([1, 2, 3].map(() => connector.updateLoyalty(AVA, { operationId: 'order-1002:redeem', pointsDelta: -400 })));
    expect(racing.filter((r) => r.applied)).toHaveLength(1);

    expect(ava.properties.loyalty_points).toBe(String(before + 120 - 400));
    expect(ava.properties.store_credit_balance).toBe('20.00');
    expect(ava.properties.loyalty_ledger!.split('\n').map((l) => l.split('\t')[0])).toEqual(['order-1001:earn', 'order-1002:redeem']);
    expect(crmCalls(standIn).filter((c) => c.method === 'PATCH')).toHaveLength(2);
  });

  it('applies different operations on one contact concurrently without losing any', async () => {
    const { standIn, connector } = await harness();
    const ava = standIn.store.find('contacts', AVA, 'email')!;
    const before = Number(ava.properties.loyalty_points);
    await Promise.all(Array.from({ length: 5 }, (_, i) => connector.updateLoyalty(AVA, { operationId: `order-${i}:earn`, pointsDelta: 10 })));
    expect(ava.properties.loyalty_points).toBe(String(before + 50));
  });

  it('is safe when the answer to the write is lost after HubSpot applied it', async () => {
    let delayed = 0;
    const { standIn, connector } = await harness({ timeoutMs: 150 }, {}, (s) => {
      s.app.addHook('onSend', async (request, _reply, payload) => {
        if (request.method === 'PATCH' && delayed++ === 0) await sleep(400);
        return payload;
      });
    });
    const ava = standIn.store.find('contacts', AVA, 'email')!;
    const before = Number(ava.properties.loyalty_points);
    const result = await connector.updateLoyalty(AVA, { operationId: 'order-2001:earn', pointsDelta: 75 });
    expect(result).toMatchObject({ applied: true, contact: { loyaltyPoints: before + 75 } });
    await sleep(400);
    expect(crmCalls(standIn).filter((c) => c.method === 'PATCH')).toHaveLength(1);
    expect(ava.properties.loyalty_points).toBe(String(before + 75));
  });

  it('is safe when the write arrives late, after the connector gave up on it and wrote again', async () => {
    let delayed = 0;
    const { standIn, connector } = await harness({ timeoutMs: 150 }, {}, (s) => {
      s.app.addHook('preHandler', async (request) => {
        if (request.method === 'PATCH' && delayed++ === 0) await sleep(400);
      });
    });
    const ava = standIn.store.find('contacts', AVA, 'email')!;
    const before = Number(ava.properties.loyalty_points);
    const result = await connector.updateLoyalty(AVA, { operationId: 'order-2002:earn', pointsDelta: 30 });
    expect(result.contact.loyaltyPoints).toBe(before + 30);
    await sleep(500);
    // Both writes carried the same balances and ledger: the late one changes nothing.
    expect(ava.properties.loyalty_points).toBe(String(before + 30));
    expect(ava.properties.loyalty_ledger!.split('\n')).toHaveLength(1);
    expect((await connector.updateLoyalty(AVA, { operationId: 'order-2002:earn', pointsDelta: 30 })).applied).toBe(false);
  });

  it('refuses redemptions beyond the balance, foreign currencies and unknown contacts, writing nothing', async () => {
    const { standIn, connector } = await harness();
    const ava = standIn.store.find('contacts', AVA, 'email')!;
    expect(await code(connector.updateLoyalty(AVA, { operationId: 'x1', pointsDelta: -(Number(ava.properties.loyalty_points) + 1) }))).toBe('LOYALTY_INSUFFICIENT_POINTS');
    expect(await code(connector.updateLoyalty(AVA, { operationId: 'x2', storeCreditDelta: money('-25.01', 'USD') }))).toBe('LOYALTY_INSUFFICIENT_CREDIT');
    expect(await code(connector.updateLoyalty(AVA, { operationId: 'x3', storeCreditDelta: money('5', 'EUR') }))).toBe('LOYALTY_CURRENCY_MISMATCH');
    expect(await code(connector.updateLoyalty(AVA, { operationId: 'bad\tid', pointsDelta: 1 }))).toBe('LOYALTY_BAD_OPERATION');
    expect(await code(connector.updateLoyalty('nobody@example.org', { operationId: 'x4', pointsDelta: 1 }))).toBe('CRM_CONTACT_NOT_FOUND');
    expect(crmCalls(standIn).filter((c) => c.method === 'PATCH')).toEqual([]);
  });

  it('sets tier, points and store credit outright', async () => {
    const { standIn, connector } = await harness();
    const result = await connector.setLoyalty(AVA, { operationId: 'support-7', tier: 'PLATINUM', points: 16000, storeCredit: money('40', 'USD') });
    expect(result.contact).toMatchObject({ loyaltyTier: 'PLATINUM', loyaltyPoints: 16000, storeCredit: { amount: '40.00', currencyCode: 'USD' } });
    expect(standIn.store.find('contacts', AVA, 'email')!.properties).toMatchObject({ loyalty_tier: 'platinum', loyalty_points: '16000', store_credit_balance: '40.00' });
    expect((await connector.setLoyalty(AVA, { operationId: 'support-7', points: 1 })).applied).toBe(false);
  });
});
