import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { LeakyBucket } from './graphql/leaky-bucket.ts';
import { ShopError, type ShopOperations } from './operations.ts';

const stockSchema = z.object({
  sku: z.string().min(1),
  location: z.string().regex(/^\d+$/, 'a numeric Shopify location id'),
  delta: z.number().int().optional(),
  onHand: z.number().int().min(0).optional(),
}).strict().refine((b) => (b.delta === undefined) !== (b.onHand === undefined), { message: 'give exactly one of delta or onHand' });

const orderSchema = z.object({
  source: z.enum(['web', 'pos']),
  location: z.string().regex(/^\d+$/).optional(),
  email: z.string().email().optional(),
  currency: z.enum(['USD', 'EUR', 'GBP']).optional(),
  lines: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() }).strict()).min(1),
}).strict();

const productSchema = z.object({
  handle: z.string().min(1),
  title: z.string().min(1).optional(),
  description: z.string().optional(),
  vendor: z.string().min(1).optional(),
  tags: z.array(z.string().min(1)).optional(),
}).strict();

const bucketSchema = z.object({
  maximumAvailable: z.number().positive().optional(),
  restoreRate: z.number().positive().optional(),
  maxQueryCost: z.number().int().positive().optional(),
}).strict();

const problems = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

/**
 * Shop-floor events the tests and demos trigger: stock moved at a till or in a count, a POS sale
 * or web order placed, a product edited in the admin, and the app's rate-limit bucket resized.
 * Each fires Shopify's webhooks.
 */
export function installShopSandbox(app: FastifyInstance, ops: ShopOperations, bucket: LeakyBucket): void {
  app.post('/__sandbox/stock', async (request, reply) => {
    const parsed = stockSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ code: 'SANDBOX_BAD_STOCK', message: problems(parsed.error) });
    try {
      const level = ops.adjustStock(parsed.data);
      return {
        sku: level.sku, location: level.locationId, inventoryItemId: String(level.inventoryItemId),
        onHand: level.onHand, committed: level.committed, available: level.onHand - level.committed, updatedAt: level.updatedAt,
      };
    } catch (error) {
      if (error instanceof ShopError) return reply.code(400).send({ code: error.code, message: error.message });
      throw error;
    }
  });

  app.post('/__sandbox/orders', async (request, reply) => {
    const parsed = orderSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ code: 'SANDBOX_BAD_ORDER', message: problems(parsed.error) });
    try {
      const order = ops.createOrder(parsed.data);
      return reply.code(201).send({ id: `gid://shopify/Order/${order.legacyId}`, name: `#${order.number}`, number: order.number, sourceName: order.sourceName });
    } catch (error) {
      if (error instanceof ShopError) return reply.code(400).send({ code: error.code, message: error.message });
      throw error;
    }
  });

  app.post('/__sandbox/products', async (request, reply) => {
    const parsed = productSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ code: 'SANDBOX_BAD_PRODUCT', message: problems(parsed.error) });
    try {
      const { seed, legacyId } = ops.updateProduct(parsed.data);
      return { id: `gid://shopify/Product/${legacyId}`, handle: seed.handle, title: seed.title.en, vendor: seed.vendor, tags: seed.tags };
    } catch (error) {
      if (error instanceof ShopError) return reply.code(404).send({ code: error.code, message: error.message });
      throw error;
    }
  });

  app.post('/__sandbox/bucket', async (request, reply) => {
    const parsed = bucketSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ code: 'SANDBOX_BAD_BUCKET', message: problems(parsed.error) });
    Object.assign(bucket.settings, Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)));
    bucket.reset();
    return bucket.status();
  });
}
