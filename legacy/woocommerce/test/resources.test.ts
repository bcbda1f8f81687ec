import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomerEmail } from '@ucg/legacy-seed';
import { overHttps, startWoo } from './helpers.ts';

type Json = Record<string, any>;

describe('WooCommerce resources', () => {
  let env: Awaited<ReturnType<typeof startWoo>>;
  const get = async (path: string) => {
    const r = await fetch(`${env.url}/wp-json/wc/v3/${path}`, { headers: overHttps });
    return { status: r.status, headers: r.headers, body: (await r.json()) as any };
  };
  const send = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${env.url}/wp-json/wc/v3/${path}`, { method, headers: { ...overHttps, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: r.status, body: (await r.json()) as any };
  };
  const sandbox = (path: string, body: unknown) => fetch(`${env.url}/__sandbox/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeAll(async () => {
    env = await startWoo();
  });
  afterAll(() => env.close());

  it('sells every marketplace product of the seed as a variable product whose variations carry the seed SKUs', () => {
    const { retailer } = env.woo;
    const store = env.woo.store();
    const listed = retailer.products.filter((p) => p.inMarketplace);
    expect([...store.products.values()].map((p) => p.sku).sort()).toEqual(listed.map((p) => p.id).sort());
    const skus = new Set([...store.variations.values()].map((v) => v.sku));
    for (const v of retailer.variants.filter((x) => listed.some((p) => p.id === x.productId))) expect(skus.has(v.sku)).toBe(true);
    expect([...store.variations.values()].every((v) => v.manage_stock === false && v.stock_quantity === null && v.stock_status === 'instock')).toBe(true);
  });

  it('finds variations as well as products by sku, several at a time', async () => {
    const variation = env.woo.store().variations.values().next().value!;
    const parent = env.woo.store().products.get(variation.parent_id)!;
    const { body } = await get(`products?sku=${variation.sku},${parent.sku}`);
    expect(body.map((p: Json) => [p.id, p.type])).toEqual(expect.arrayContaining([[variation.id, 'variation'], [parent.id, 'variable']]));
    expect(body.find((p: Json) => p.id === variation.id).parent_id).toBe(parent.id);
  });

  it('writes what WordPress writes: escaped ampersands, string prices, PHP-escaped JSON', async () => {
    const r = await fetch(`${env.url}/wp-json/wc/v3/products?per_page=100&category=${[...env.woo.store().taxonomies.categories.values()].find((c) => c.slug === 'fleece-midlayers')!.id}`, { headers: overHttps });
    const raw = await r.text();
    expect(raw).toContain('"name":"Fleece &amp; Midlayers"');
    expect(raw).toContain('https:\\/\\/cdn.ucg.example\\/');
    const [product] = JSON.parse(raw) as Json[];
    expect(product!.regular_price).toBe('');
    expect(typeof product!.price).toBe('string');
  });

  it('pages with X-WP-Total, X-WP-TotalPages and Link headers that echo the request, OAuth parameters included', async () => {
    const { headers } = await get('orders?per_page=3&page=2&status=completed');
    const total = [...env.woo.store().orders.values()].filter((o) => o.status === 'completed').length;
    expect(Number(headers.get('x-wp-total'))).toBe(total);
    expect(Number(headers.get('x-wp-totalpages'))).toBe(Math.ceil(total / 3));
    expect(headers.get('link')).toContain('/wp-json/wc/v3/orders?per_page=3&page=1&status=completed>; rel="prev"');
    expect(headers.get('link')).toContain('page=3&status=completed>; rel="next"');
    const signed = await fetch(`${env.url}/wp-json/wc/v3/orders?per_page=3&consumer_key=ck_ucg_dev&consumer_secret=cs_ucg_dev`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(signed.headers.get('link')).toContain('consumer_secret=cs_ucg_dev');
    expect((await get('orders?per_page=101')).body).toMatchObject({ code: 'rest_invalid_param', data: { status: 400, params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' } } });
  });

  it('keeps seeded orders consistent with the seed: number, currency, totals, shelf prices', async () => {
    const seedOrder = env.woo.retailer.orders.find((o) => o.system === 'marketplace' && o.currency === 'EUR')!;
    const { body } = await get(`orders/${seedOrder.number}`);
    expect(body).toMatchObject({ id: Number(seedOrder.number), number: seedOrder.number, currency: 'EUR', total: seedOrder.total, total_tax: seedOrder.tax, prices_include_tax: true });
    const shelf = body.line_items.map((l: Json) => ((Math.round(Number(l.subtotal) * 100) + Math.round(Number(l.subtotal_tax) * 100)) / l.quantity / 100).toFixed(2));
    expect(shelf).toEqual(seedOrder.lines.map((l) => l.unitPrice));
    expect(typeof body.line_items[0].price).toBe('number');
  });

  it('finds customers by email case-insensitively and refuses to trash them', async () => {
    const { body } = await get(`customers?email=${encodeURIComponent(demoCustomerEmail.toUpperCase())}`);
    expect(body).toHaveLength(1);
    expect(body[0].email).toBe(demoCustomerEmail);
    expect((await send('DELETE', `customers/${body[0].id}`)).body).toMatchObject({ code: 'woocommerce_rest_trash_not_supported', data: { status: 501 } });
    expect((await send('DELETE', `customers/${body[0].id}?force=true&reassign=${body[0].id}`)).body).toMatchObject({ code: 'woocommerce_rest_customer_invalid_reassign' });
  });

  it('deletes a customer for good, detaching (not deleting) their orders, and restores them on reset', async () => {
    const customer = (await get(`customers?email=${demoCustomerEmail}`)).body[0];
    const before = (await get(`orders?customer=${customer.id}`)).body as Json[];
    expect(before.length).toBeGreaterThan(0);
    expect((await send('DELETE', `customers/${customer.id}?force=true`)).body.id).toBe(customer.id);
    expect((await get(`customers/${customer.id}`)).body).toMatchObject({ code: 'woocommerce_rest_invalid_id', data: { status: 404 } });
    const after = (await get(`orders/${before[0]!.id}`)).body;
    expect(after).toMatchObject({ customer_id: 0, billing: { email: demoCustomerEmail } });
    await fetch(`${env.url}/__sandbox/reset`, { method: 'POST' });
    expect((await get(`customers/${customer.id}`)).status).toBe(200);
  });

  describe('webhooks', () => {
    let receiver: Server;
    let hookUrl: string;
    const received: { headers: Json; body: string }[] = [];

    beforeAll(async () => {
      receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
          received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/woo`;
    });
    afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

    it('pings on creation, then delivers signed order.created for a sandbox checkout', async () => {
      const created = await send('POST', 'webhooks', { topic: 'order.created', delivery_url: hookUrl, secret: 'whsec_test' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ topic: 'order.created', resource: 'order', event: 'created', status: 'active', hooks: ['woocommerce_new_order'] });
      expect(created.body.secret).toBeUndefined();
      const sku = env.woo.store().variations.values().next().value!.sku;
      const answer = await sandbox('orders', { email: demoCustomerEmail, lines: [{ sku, quantity: 1 }] });
      expect(answer.status).toBe(201);
      const order = (await answer.json()) as Json;
      await env.woo.webhooks.idle();
      const [ping, delivery] = received;
      expect(ping!.body).toBe(`webhook_id=${created.body.id}`);
      expect(ping!.headers['x-wc-webhook-signature']).toBeUndefined();
      expect(delivery!.headers).toMatchObject({ 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-resource': 'order', 'x-wc-webhook-event': 'created', 'x-wc-webhook-id': String(created.body.id) });
      expect(delivery!.headers['x-wc-webhook-delivery-id']).toMatch(/^[0-9a-f]{32}$/);
      expect(delivery!.headers['x-wc-webhook-signature']).toBe(createHmac('sha256', 'whsec_test').update(delivery!.body).digest('base64'));
      expect(JSON.parse(delivery!.body)).toMatchObject({ id: order.id, number: String(order.id), status: 'processing', billing: { email: demoCustomerEmail } });
    });

    it('validates topic and delivery URL', async () => {
      expect((await send('POST', 'webhooks', { topic: 'order.exploded', delivery_url: hookUrl })).body.code).toBe('woocommerce_rest_shop_webhook_invalid_topic');
      expect((await send('POST', 'webhooks', { topic: 'order.updated', delivery_url: 'ftp://x' })).body.code).toBe('woocommerce_rest_shop_webhook_invalid_delivery_url');
    });
  });

  it('rejects bad sandbox checkouts with stable codes', async () => {
    expect(await (await sandbox('orders', { email: 'x@example.com', lines: [{ sku: 'NOPE', quantity: 1 }] })).json()).toMatchObject({ code: 'SANDBOX_UNKNOWN_SKU' });
    expect(await (await sandbox('orders', { email: 'not-an-email', lines: [] })).json()).toMatchObject({ code: 'SANDBOX_BAD_ORDER' });
  });

  it('lets the host rate-limit with 429 + Retry-After, and WordPress maintenance answer 503 + Retry-After', async () => {
    await sandbox('rate-limit', { limit: 2, windowMs: 5000 });
    expect((await get('products?per_page=1')).status).toBe(200);
    expect((await get('products?per_page=1')).status).toBe(200);
    const limited = await fetch(`${env.url}/wp-json/wc/v3/products`, { headers: overHttps });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await sandbox('rate-limit', { limit: 0 });
    await sandbox('maintenance', { on: true, retryAfterSec: 30 });
    const maintenance = await fetch(`${env.url}/wp-json/wc/v3/products`, { headers: overHttps });
    expect([maintenance.status, maintenance.headers.get('retry-after')]).toEqual([503, '30']);
    await sandbox('maintenance', { on: false });
    expect((await get('products?per_page=1')).status).toBe(200);
  });
});
