import { gid, parseGid } from '../ids.ts';
import { toCents } from '../money.ts';
import { ShopError, type ShopOperations } from '../operations.ts';
import type { WebhookRec } from '../shop-state.ts';
import type { BulkOperations } from './bulk-operations.ts';
import type { AdminRequestContext } from './endpoint.ts';
import { transactionView, webhookView } from './order-views.ts';
import type { ViewContext } from './views.ts';

/** Runs a state change and turns a refusal into the payload's `userErrors`, as Shopify does. */
function attempt<T extends object>(run: () => T, withCode: boolean): T | { userErrors: { field: string[]; message: string; code?: string }[] } {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof ShopError)) throw error;
    return { userErrors: [{ field: error.field, message: error.message, ...(withCode ? { code: error.code } : {}) }] };
  }
}

/** The `Mutation` root of the Admin API subset. */
export function mutationRoot(ctx: ViewContext, ops: ShopOperations, bulk: BulkOperations) {
  return {
    bulkOperationRunQuery: ({ query }: { query: string }, request: AdminRequestContext) => bulk.run(query, request.origin),

    webhookSubscriptionCreate: ({ topic, webhookSubscription }: { topic: WebhookRec['topic']; webhookSubscription: { uri?: string | null; format?: string | null } }) =>
      attempt(() => ({ webhookSubscription: webhookView(ctx, ops.createWebhook(topic, webhookSubscription.uri, webhookSubscription.format)), userErrors: [] }), false),

    webhookSubscriptionDelete: ({ id }: { id: string }) =>
      attempt(() => {
        ops.deleteWebhook(Number(parseGid(id, 'WebhookSubscription')));
        return { deletedWebhookSubscriptionId: id, userErrors: [] };
      }, false),

    customerDelete: ({ input }: { input: { id: string } }) => {
      const shop = { __typename: 'Shop', id: gid('Shop', 63_000_000), name: 'Northwind & Oak', myshopifyDomain: ctx.shopDomain, currencyCode: 'USD', ianaTimezone: 'America/New_York' };
      const result = attempt(() => {
        ops.deleteCustomer(Number(parseGid(input.id, 'Customer')));
        return { deletedCustomerId: input.id, userErrors: [] };
      }, false);
      return { deletedCustomerId: null, shop, ...result };
    },

    customerRequestDataErasure: ({ customerId }: { customerId: string }) =>
      attempt(() => {
        ops.requestErasure(Number(parseGid(customerId, 'Customer')));
        return { customerId, userErrors: [] };
      }, true),

    orderCreateMandatePayment: (args: { id?: string | null; mandateId: string; idempotencyKey: string; amount?: { amount: string; currencyCode: string } | null; autoCapture?: boolean | null }) =>
      attempt(() => {
        if (args.id && !ctx.state.orders.some((o) => String(o.legacyId) === parseGid(args.id!, 'Order'))) throw new ShopError('ORDER_MANDATE_PAYMENT_ERROR_CODE', 'Order does not exist', ['id']);
        const rec = ops.mandatePayment({
          mandate: parseGid(args.mandateId, 'PaymentMandate') ?? args.mandateId,
          idempotencyKey: args.idempotencyKey,
          ...(args.amount ? { amountCents: toCents(String(args.amount.amount)), currency: args.amount.currencyCode } : {}),
          autoCapture: args.autoCapture ?? true,
        });
        return { job: { id: gid('Job', `${rec.paymentId}`), done: true }, paymentReferenceId: rec.paymentId, transaction: transactionView(ctx, rec), userErrors: [] };
      }, true),

    transactionVoid: ({ parentTransactionId }: { parentTransactionId: string }) =>
      attempt(() => ({ transaction: transactionView(ctx, ops.voidTransaction(Number(parseGid(parentTransactionId, 'OrderTransaction')))), userErrors: [] }), true),
  };
}
