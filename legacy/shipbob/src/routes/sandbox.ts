import type { FastifyInstance } from 'fastify';
import { AccountError } from '../account.ts';
import { int32, type RouteContext } from '../context.ts';
import type { RequestLogEntry } from '../http-guard.ts';
import { sandboxError } from '../replies.ts';
import { fcLevelView, shipmentView } from '../views.ts';

const statusFor: Record<AccountError['kind'], number> = { DUPLICATE_REFERENCE: 409, UNKNOWN_PRODUCT: 404, NOT_FOUND: 404, BAD_STOCK: 400, WRONG_STATE: 409 };
const codeFor: Record<AccountError['kind'], string> = {
  DUPLICATE_REFERENCE: 'SANDBOX_DUPLICATE', UNKNOWN_PRODUCT: 'SANDBOX_UNKNOWN_SKU', NOT_FOUND: 'SANDBOX_NOT_FOUND', BAD_STOCK: 'SANDBOX_BAD_STOCK', WRONG_STATE: 'SANDBOX_WRONG_STATE',
};

/**
 * Test controls beyond the kit's faults/reset/calls: move stock as the warehouse would, drive an
 * order through fulfilment, see webhook deliveries and API calls, and change the rate limit.
 */
export function registerSandboxRoutes(app: FastifyInstance, ctx: RouteContext, requestLog: RequestLogEntry[]): void {
  app.post('/__sandbox/stock', async (request, reply) => {
    const body = (request.body ?? {}) as { sku?: unknown; location?: unknown; delta?: unknown; onHand?: unknown };
    const location = typeof body.location === 'number' ? body.location : int32(typeof body.location === 'string' ? body.location : undefined);
    const hasDelta = typeof body.delta === 'number' && Number.isInteger(body.delta);
    const hasOnHand = typeof body.onHand === 'number' && Number.isInteger(body.onHand);
    if (typeof body.sku !== 'string' || location === undefined || hasDelta === hasOnHand) {
      return sandboxError(reply, 400, 'SANDBOX_BAD_STOCK', 'body must be { "sku": string, "location": "<fulfillment center id>", and exactly one of "delta" or "onHand" (integers) }');
    }
    try {
      const { item, level } = ctx.live.account.adjustStock(body.sku, location, hasDelta ? { delta: body.delta as number } : { onHand: body.onHand as number });
      return { sku: item.sku, inventory_id: item.id, ...fcLevelView(ctx.live.account, location, level) };
    } catch (error) {
      // Every refusal here is bad input: 400, with the code naming what was wrong.
      if (error instanceof AccountError) return sandboxError(reply, 400, error.kind === 'NOT_FOUND' ? 'SANDBOX_UNKNOWN_LOCATION' : codeFor[error.kind], error.message);
      throw error;
    }
  });

  for (const action of ['ship', 'deliver', 'exception'] as const) {
    app.post(`/__sandbox/orders/:orderId/${action}`, async (request, reply) => {
      const orderId = int32((request.params as { orderId: string }).orderId);
      if (orderId === undefined) return sandboxError(reply, 400, 'SANDBOX_BAD_ORDER_ID', 'orderId must be a ShipBob order id');
      try {
        const shipments = ctx.live.account[action](orderId);
        return { order_id: orderId, shipments: shipments.map((s) => shipmentView(ctx.live.account, s)) };
      } catch (error) {
        if (error instanceof AccountError) return sandboxError(reply, statusFor[error.kind], codeFor[error.kind], error.message);
        throw error;
      }
    });
  }

  app.get('/__sandbox/webhooks', async () => ({
    subscriptions: [...ctx.live.account.subscriptions.values()].map(({ secret: _secret, ...s }) => s),
    deliveries: ctx.live.dispatcher.deliveries,
  }));

  app.get('/__sandbox/requests', async () => requestLog);

  app.post('/__sandbox/rate-limit', async (request, reply) => {
    const body = (request.body ?? {}) as { limit?: unknown; windowMs?: unknown };
    const limit = body.limit ?? ctx.limiter.limit;
    const windowMs = body.windowMs ?? ctx.limiter.windowMs;
    if (typeof limit !== 'number' || typeof windowMs !== 'number' || !Number.isInteger(limit) || limit < 1 || !Number.isInteger(windowMs) || windowMs < 1) {
      return sandboxError(reply, 400, 'SANDBOX_BAD_RATE_LIMIT', 'body must be { "limit"?: integer ≥ 1, "windowMs"?: integer ≥ 1 }');
    }
    ctx.limiter.limit = limit;
    ctx.limiter.windowMs = windowMs;
    ctx.limiter.reset();
    return { limit, windowMs };
  });
}
