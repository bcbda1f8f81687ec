import { z } from 'zod';
import { createStandIn, type StandIn } from '@ucg/legacy-kit';
import { generateRetailer, type Retailer } from '@ucg/legacy-seed';
import { resolveConfig, type EdiStandInOptions } from './config.ts';
import { EdiWarehouse } from './warehouse.ts';

export type { EdiStandInOptions } from './config.ts';

const stockBody = z.union([
  z.object({ sku: z.string().min(1), location: z.string().min(1), delta: z.number().int() }).strict(),
  z.object({ sku: z.string().min(1), location: z.string().min(1), onHand: z.number().int().min(0) }).strict(),
]);

export interface EdiStandIn extends StandIn {
  retailer: Retailer;
  exchangeDir: string;
  warehouse: EdiWarehouse;
}

/**
 * EU warehouse stand-in. It speaks X12 004010 files only, in an exchange folder (our local stand-in
 * for its SFTP server); HTTP is the warehouse's admin console and the sandbox controls. The EDI side
 * starts when the app is ready (listen or `ready()`) and stops when it closes.
 */
export function createEdiStandIn(options: EdiStandInOptions = {}): EdiStandIn {
  const config = resolveConfig(options);
  // The memoised retailer is shared in-process: the warehouse copies the stock rows it mutates into its
  // own book (see WarehouseBook) and only reads the rest, so no clone of the whole retailer is needed.
  const retailer = generateRetailer(options.seed);
  const warehouse = new EdiWarehouse(retailer, config, options.logger);
  const standIn = createStandIn({
    name: 'EDI warehouse',
    // Only the admin console is HTTP; the realistic slowness of an EDI partner is its pick delay and polling.
    defaultLatency: { latencyMs: 0, jitterMs: 0 },
    faultReply: (reply) => reply.code(503).type('text/plain').send('EDI gateway maintenance'),
    onReset: () => warehouse.reset(),
    ...(options.env ? { env: options.env } : {}),
  });
  const { app, sandbox } = standIn;

  app.addHook('onReady', async () => warehouse.start());
  app.addHook('onClose', async () => warehouse.stop());
  // `down` in the sandbox means the warehouse's EDI system is down: files pile up unread and unanswered.
  app.addHook('onResponse', async (request) => {
    if (request.url.startsWith('/__sandbox/')) warehouse.paused = sandbox.faults.down;
  });

  app.get('/admin/status', async () => warehouse.status());

  app.post('/__sandbox/stock', async (request, reply) => {
    const parsed = stockBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      return reply.code(400).send({ code: 'STOCK_BAD_REQUEST', message: 'expected { sku, location, delta } or { sku, location, onHand }' });
    }
    const body = parsed.data;
    if (body.location !== warehouse.status().warehouse.code) {
      return reply.code(400).send({ code: 'STOCK_UNKNOWN_LOCATION', message: `this warehouse is ${warehouse.status().warehouse.code}, not ${body.location}` });
    }
    if (!retailer.variants.some((v) => v.sku === body.sku)) {
      return reply.code(400).send({ code: 'STOCK_UNKNOWN_SKU', message: `no item ${body.sku} in the depositor's item master` });
    }
    const current = warehouse.book.row(body.sku)?.onHand ?? 0;
    if ('delta' in body && current + body.delta < 0) {
      return reply.code(400).send({ code: 'STOCK_NEGATIVE', message: `${body.sku} has ${current} on hand; cannot take ${-body.delta}` });
    }
    const row = warehouse.moveStock(body.sku, 'delta' in body ? { delta: body.delta } : { onHand: body.onHand });
    return { sku: body.sku, location: body.location, onHand: row.onHand, committed: row.committed, available: row.onHand - row.committed, file: row.file };
  });

  app.post('/__sandbox/snapshot', async () => warehouse.snapshot());

  return { ...standIn, retailer, exchangeDir: config.exchangeDir, warehouse };
}
