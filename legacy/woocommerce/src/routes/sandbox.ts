import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { maintenanceSchema, rateLimitSchema, type HostingLayer } from '../hosting.ts';
import { wooAddress, wooBilling } from '../orders.ts';
import { renderOrder } from '../render.ts';
import { home, type RouteContext } from './context.ts';
import { createOrder } from './orders.ts';

const orderSchema = z.object({
  email: z.string().email(),
  lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().min(1).max(999) })).min(1).max(50),
  currency: z.enum(['USD', 'EUR', 'GBP']).optional(),
  status: z.enum(['pending', 'processing', 'on-hold', 'completed']).default('processing'),
}).strict();

const countryFor: Record<string, string> = { USD: 'US', EUR: 'DE', GBP: 'GB' };
const currencyFor: Record<string, 'USD' | 'EUR' | 'GBP'> = { US: 'USD', CA: 'USD', GB: 'GBP' };

const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

/**
 * Sandbox controls beyond legacy-kit's: a shopper checking out on the marketplace (fires
 * `order.created` like a real checkout), the host's rate limit, and WordPress maintenance mode.
 */
export function registerSandboxRoutes(app: FastifyInstance, ctx: RouteContext, hosting: HostingLayer): void {
  app.post('/__sandbox/orders', async (request, reply) => {
    const parsed = orderSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ code: 'SANDBOX_BAD_ORDER', message: issues(parsed.error) });
    const input = parsed.data;
    const store = ctx.store();
    const customer = store.customerByEmail(input.email);
    const currency = input.currency ?? currencyFor[customer?.billing.country ?? ''] ?? 'EUR';
    const lines = [];
    for (const l of input.lines) {
      const line = store.draftLine(l.sku, l.quantity, store.index.price(l.sku, currency)?.amount);
      if (!line) return reply.code(400).send({ code: 'SANDBOX_UNKNOWN_SKU', message: `no marketplace variation has SKU ${l.sku}` });
      lines.push(line);
    }
    const billing = customer ? { ...customer.billing, email: customer.email } : { ...wooBilling(undefined, undefined, input.email), country: countryFor[currency]! };
    const order = createOrder(ctx, home(ctx, request), {
      status: input.status, currency, customerId: customer?.id ?? 0, billing, shipping: customer?.shipping ?? { ...wooAddress(undefined, undefined), country: billing.country },
      lines, createdVia: 'checkout',
    });
    return reply.code(201).send(renderOrder(order, home(ctx, request)));
  });

  app.post('/__sandbox/rate-limit', async (request, reply) => {
    const parsed = rateLimitSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ code: 'SANDBOX_BAD_RATE_LIMIT', message: issues(parsed.error) });
    return hosting.setRateLimit(parsed.data);
  });

  app.post('/__sandbox/maintenance', async (request, reply) => {
    const parsed = maintenanceSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ code: 'SANDBOX_BAD_MAINTENANCE', message: issues(parsed.error) });
    return hosting.setMaintenance(parsed.data);
  });
}
