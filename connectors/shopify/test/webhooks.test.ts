import { createHmac } from 'node:crypto';
import { WebhookError } from '@ucg/connector-core';
import { describe, expect, it } from 'vitest';
import { verifyShopifyWebhook } from '../src/index.ts';
import { harness, webhookReceiver } from './helpers.ts';

const SECRET = 'shpss_ucg_dev';
const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function rejection(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof WebhookError ? error.code : String(error);
  }
}

describe('webhooks', () => {
  it('registers through the Admin API, idempotently', async () => {
    const { connector } = await harness();
    const receiver = await webhookReceiver();
    const first = await connector.registerWebhook('INVENTORY_LEVELS_UPDATE', receiver.url);
    expect(first).toMatchObject({ topic: 'INVENTORY_LEVELS_UPDATE', uri: receiver.url, id: expect.stringMatching(/^gid:\/\/shopify\/WebhookSubscription\//) });
    expect(await connector.registerWebhook('INVENTORY_LEVELS_UPDATE', receiver.url)).toEqual(first);
  });

  it('verifies an inventory_levels/update delivery and resolves its SKU', async () => {
    const { standIn, connector, url } = await harness();
    const receiver = await webhookReceiver();
    await connector.registerWebhook('INVENTORY_LEVELS_UPDATE', receiver.url);
    const level = [...standIn.state.levels.values()].find((l) => l.locationId === '70002')!;
    await post(`${url}/__sandbox/stock`, { sku: level.sku, location: '70002', onHand: level.onHand + 3 });
    const delivery = await receiver.next('inventory_levels/update');
    const event = verifyShopifyWebhook(delivery.rawBody, delivery.headers, SECRET);
    expect(event).toMatchObject({
      type: 'INVENTORY_LEVEL_UPDATED', locationNativeId: '70002', available: level.onHand + 3 - level.committed,
      meta: { topic: 'inventory_levels/update', shopDomain: 'ucg-webstore.myshopify.com', apiVersion: '2026-01' },
    });
    if (event.type !== 'INVENTORY_LEVEL_UPDATED') throw new Error('unexpected event');
    expect((await connector.skusForInventoryItems([event.inventoryItemId])).get(event.inventoryItemId)).toBe(level.sku);
  });

  it('rejects forged, unsigned and replayed deliveries', async () => {
    const { standIn, connector, url } = await harness();
    const receiver = await webhookReceiver();
    await connector.registerWebhook('INVENTORY_LEVELS_UPDATE', receiver.url);
    const level = [...standIn.state.levels.values()][0]!;
    await post(`${url}/__sandbox/stock`, { sku: level.sku, location: level.locationId, delta: 1 });
    const { rawBody, headers } = await receiver.next('inventory_levels/update');

    const forgedBody = rawBody.replace(/"available":-?\d+/, '"available":999');
    expect(rejection(() => verifyShopifyWebhook(forgedBody, headers, SECRET))).toBe('WEBHOOK_BAD_SIGNATURE');
    expect(rejection(() => verifyShopifyWebhook(rawBody, headers, 'shpss_someone_else'))).toBe('WEBHOOK_BAD_SIGNATURE');
    const { ['x-shopify-hmac-sha256']: _dropped, ...unsigned } = headers;
    expect(rejection(() => verifyShopifyWebhook(rawBody, unsigned, SECRET))).toBe('WEBHOOK_UNSIGNED');
    expect(rejection(() => verifyShopifyWebhook(rawBody, headers, SECRET, Date.now() + 10 * 60_000))).toBe('WEBHOOK_STALE');
    // A forger who signs with a guessed secret still fails.
    const guessed = createHmac('sha256', 'guess').update(forgedBody).digest('base64');
    expect(rejection(() => verifyShopifyWebhook(forgedBody, { ...headers, 'x-shopify-hmac-sha256': guessed }, SECRET))).toBe('WEBHOOK_BAD_SIGNATURE');
  });

  it('delivers orders/create for a POS sale, whose stock leaves the store', async () => {
    const { standIn, connector, url } = await harness();
    const receiver = await webhookReceiver();
    await connector.registerWebhook('ORDERS_CREATE', receiver.url);
    await connector.registerWebhook('INVENTORY_LEVELS_UPDATE', receiver.url);
    const level = [...standIn.state.levels.values()].find((l) => l.onHand >= 2)!;
    const res = await post(`${url}/__sandbox/orders`, { source: 'pos', location: level.locationId, email: 'walk.in@example.com', lines: [{ sku: level.sku, quantity: 2 }] });
    expect(res.status).toBe(201);
    const orderDelivery = await receiver.next('orders/create');
    const event = connector.verifyWebhook(orderDelivery.rawBody, orderDelivery.headers, SECRET);
    expect(event).toMatchObject({ type: 'ORDER_CREATED', order: { channel: 'POS', status: 'COMPLETED', storeNativeId: level.locationId, email: 'walk.in@example.com', lines: [{ sku: level.sku, quantity: 2 }] } });
    const stockDelivery = await receiver.next('inventory_levels/update');
    expect(verifyShopifyWebhook(stockDelivery.rawBody, stockDelivery.headers, SECRET)).toMatchObject({ available: level.onHand - 2 - level.committed });
    const [after] = (await connector.inventoryLevels([level.sku])).filter((r) => r.locationNativeId === level.locationId);
    expect(after!.onHand).toBe(level.onHand - 2);
  });
});
