import { isConnectorError, money } from '@ucg/connector-core';
import { describe, expect, it } from 'vitest';
import { harness } from './helpers.ts';

describe('payments (vaulted card, authorise without capture)', () => {
  it('authorises a card token once per idempotency key', async () => {
    const { connector, standIn } = await harness();
    const input = { token: 'tok_visa', amount: money('129.5', 'USD'), idempotencyKey: 'checkout-42' };
    const first = await connector.authorizePayment(input);
    expect(first).toMatchObject({ system: 'webstore', status: 'AUTHORIZED', amount: { amount: '129.50', currencyCode: 'USD' }, declineCode: null, idempotencyKey: 'checkout-42' });
    expect(Date.parse(first.expiresAt!)).toBeGreaterThan(Date.now());
    const again = await connector.authorizePayment(input);
    expect(again.authorizationId).toBe(first.authorizationId);
    expect(standIn.state.transactions).toHaveLength(1);
    const other = await connector.authorizePayment({ ...input, idempotencyKey: 'checkout-43' });
    expect(other.authorizationId).not.toBe(first.authorizationId);
  });

  it('reports declines and processing errors', async () => {
    const { connector } = await harness();
    expect(await connector.authorizePayment({ token: 'tok_declined', amount: money('10', 'USD'), idempotencyKey: 'k1' }))
      .toMatchObject({ status: 'DECLINED', declineCode: 'CARD_DECLINED', expiresAt: null });
    expect(await connector.authorizePayment({ token: 'tok_processing_error', amount: money('10', 'EUR'), idempotencyKey: 'k2' }))
      .toMatchObject({ status: 'FAILED', declineCode: 'PROCESSING_ERROR' });
    const unknown = await connector.authorizePayment({ token: 'tok_nonsense', amount: money('10', 'USD'), idempotencyKey: 'k3' }).catch((e: unknown) => e);
    expect(isConnectorError(unknown) && unknown.code).toBe('UPSTREAM_REJECTED');
  });

  it('voids an authorisation once', async () => {
    const { connector } = await harness();
    const auth = await connector.authorizePayment({ token: 'tok_visa', amount: money('50', 'GBP'), idempotencyKey: 'k-void' });
    expect(await connector.voidAuthorization(auth.authorizationId)).toMatchObject({ status: 'VOIDED', amount: { amount: '50.00', currencyCode: 'GBP' } });
    const twice = await connector.voidAuthorization(auth.authorizationId).catch((e: unknown) => e);
    expect(isConnectorError(twice) && twice.vendorCode).toBe('AUTH_NOT_VOIDABLE');
    const missing = await connector.voidAuthorization('gid://shopify/OrderTransaction/1').catch((e: unknown) => e);
    expect(isConnectorError(missing) && missing.code).toBe('UPSTREAM_NOT_FOUND');
  });
});
