import { ConnectorError, money, type Money, type PaymentAuthorization } from '@ucg/connector-core';
import type { ShopifyClient } from './client.ts';

interface Transaction {
  id: string;
  kind: string;
  status: string;
  errorCode: string | null;
  authorizationExpiresAt: string | null;
  amountSet: { presentmentMoney: { amount: string; currencyCode: string } };
}

interface UserError { field: string[] | null; message: string; code: string | null }

const TRANSACTION_FIELDS = 'id kind status errorCode authorizationExpiresAt amountSet { presentmentMoney { amount currencyCode } }';

function toAuthorization(t: Transaction, idempotencyKey: string | null): PaymentAuthorization {
  const status = t.kind === 'VOID' ? 'VOIDED' : t.status === 'SUCCESS' ? 'AUTHORIZED' : t.status === 'FAILURE' ? 'DECLINED' : 'FAILED';
  return {
    system: 'webstore',
    authorizationId: t.id,
    status,
    amount: money(t.amountSet.presentmentMoney.amount, t.amountSet.presentmentMoney.currencyCode),
    declineCode: t.errorCode,
    expiresAt: t.authorizationExpiresAt,
    idempotencyKey,
  };
}

/**
 * Authorises (holds, does not capture) an amount on a vaulted card through
 * `orderCreateMandatePayment(autoCapture: false)`. The token is the card vault's reference
 * (payment mandate). The idempotency key makes a retry — ours or the caller's — return the first
 * authorisation instead of holding the money twice, so the request is safe to retry.
 */
export async function authorizePayment(client: ShopifyClient, input: { token: string; amount: Money; idempotencyKey: string; orderId?: string }): Promise<PaymentAuthorization> {
  const mandateId = input.token.startsWith('gid://') ? input.token : `gid://shopify/PaymentMandate/${input.token}`;
  const data = await client.request<{ orderCreateMandatePayment: { paymentReferenceId: string | null; transaction: Transaction | null; userErrors: UserError[] } }>(
    `mutation Authorize($id: ID, $mandateId: ID!, $key: String!, $amount: MoneyInput!) {
      orderCreateMandatePayment(id: $id, mandateId: $mandateId, idempotencyKey: $key, amount: $amount, autoCapture: false) {
        paymentReferenceId transaction { ${TRANSACTION_FIELDS} } userErrors { field message code }
      }
    }`,
    { id: input.orderId ?? null, mandateId, key: input.idempotencyKey, amount: { amount: input.amount.amount, currencyCode: input.amount.currencyCode } },
    { idempotent: true },
  );
  const result = data.orderCreateMandatePayment;
  if (result.userErrors.length || !result.transaction) {
    throw new ConnectorError('UPSTREAM_REJECTED', 'webstore', `payment refused: ${result.userErrors.map((e) => e.message).join('; ') || 'no transaction'}`, {
      vendorCode: result.userErrors[0]?.code ?? undefined,
    });
  }
  return toAuthorization(result.transaction, input.idempotencyKey);
}

/** Releases an authorisation (`transactionVoid`); voiding one already voided is refused by Shopify. */
export async function voidAuthorization(client: ShopifyClient, authorizationId: string): Promise<PaymentAuthorization> {
  const data = await client.request<{ transactionVoid: { transaction: Transaction | null; userErrors: UserError[] } }>(
    `mutation Void($id: ID!) { transactionVoid(parentTransactionId: $id) { transaction { ${TRANSACTION_FIELDS} } userErrors { field message code } } }`,
    { id: authorizationId },
  );
  const result = data.transactionVoid;
  if (result.userErrors.length || !result.transaction) {
    const code = result.userErrors[0]?.code ?? undefined;
    throw new ConnectorError(code === 'TRANSACTION_NOT_FOUND' ? 'UPSTREAM_NOT_FOUND' : 'UPSTREAM_REJECTED', 'webstore',
      `void refused: ${result.userErrors.map((e) => e.message).join('; ') || 'no transaction'}`, { vendorCode: code });
  }
  return toAuthorization(result.transaction, null);
}
