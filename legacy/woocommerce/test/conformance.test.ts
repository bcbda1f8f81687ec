import WooCommerceRestApi from '@woocommerce/woocommerce-rest-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEY, SECRET, startWoo } from './helpers.ts';

/**
 * WooCommerce's own JavaScript client, configured only with url/consumerKey/consumerSecret as its
 * README shows. For an http:// URL it signs every request with one-legged OAuth 1.0a (HMAC-SHA256).
 */
describe('conformance: @woocommerce/woocommerce-rest-api against the stand-in', () => {
  let env: Awaited<ReturnType<typeof startWoo>>;
  let api: WooCommerceRestApi;

  beforeAll(async () => {
    env = await startWoo();
    api = new WooCommerceRestApi({ url: env.url, consumerKey: KEY, consumerSecret: SECRET, version: 'wc/v3' });
  });
  afterAll(() => env.close());

  it('lists products page by page with WordPress paging headers', async () => {
    const first = await api.get('products', { per_page: 5, page: 1 });
    const total = Number(first.headers['x-wp-total']);
    expect(first.status).toBe(200);
    expect(first.data).toHaveLength(5);
    expect(total).toBe(env.woo.store().products.size);
    expect(Number(first.headers['x-wp-totalpages'])).toBe(Math.ceil(total / 5));
    const second = await api.get('products', { per_page: 5, page: 2 });
    const ids = (r: { data: { id: number }[] }) => r.data.map((p) => p.id);
    expect(ids(second)).toHaveLength(5);
    expect(ids(second).some((id) => ids(first).includes(id))).toBe(false);
  });

  it('gets one product and its variations', async () => {
    const [listed] = (await api.get('products', { per_page: 1 })).data as { id: number; sku: string; variations: number[] }[];
    const product = (await api.get(`products/${listed!.id}`)).data as { id: number; sku: string; type: string };
    expect(product).toMatchObject({ id: listed!.id, sku: listed!.sku, type: 'variable' });
    const variations = (await api.get(`products/${listed!.id}/variations`, { per_page: 100 })).data as { sku: string; parent_id: number }[];
    expect(variations.length).toBe(listed!.variations.length);
    expect(variations.every((v) => v.sku.startsWith(`${listed!.sku}-`) && v.parent_id === listed!.id)).toBe(true);
  });

  it('filters orders by status and customer', async () => {
    const [order] = (await api.get('orders', { status: 'completed', per_page: 1 })).data as { id: number; status: string; customer_id: number }[];
    expect(order!.status).toBe('completed');
    const mine = (await api.get('orders', { customer: order!.customer_id, per_page: 100 })).data as { customer_id: number }[];
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((o) => o.customer_id === order!.customer_id)).toBe(true);
  });

  it('creates and updates a product (POST, then PUT)', async () => {
    const created = await api.post('products', { name: 'Conformance Mug', type: 'simple', regular_price: '12.50', sku: 'CONF-MUG-1' });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: 'Conformance Mug', price: '12.50', sku: 'CONF-MUG-1' });
    const updated = await api.put(`products/${created.data.id}`, { sale_price: '9.99' });
    expect(updated.data).toMatchObject({ id: created.data.id, price: '9.99', regular_price: '12.50', on_sale: true });
    expect((await api.get(`products/${created.data.id}`)).data.price).toBe('9.99');
  });

  it('creates an order from SKUs and updates its status', async () => {
    const sku = env.woo.store().variations.values().next().value!.sku;
    const created = await api.post('orders', { set_paid: true, billing: { email: 'conformance@example.com', country: 'US' }, line_items: [{ sku, quantity: 2 }] });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ status: 'processing', line_items: [{ sku, quantity: 2 }] });
    const updated = await api.put(`orders/${created.data.id}`, { status: 'completed' });
    expect(updated.data.status).toBe('completed');
  });

  it('is refused with WooCommerce’s error when the secret is wrong', async () => {
    const wrong = new WooCommerceRestApi({ url: env.url, consumerKey: KEY, consumerSecret: 'cs_wrong', version: 'wc/v3' });
    const error = await wrong.get('products').catch((e: { response: { status: number; data: unknown } }) => e.response);
    expect(error.status).toBe(401);
    expect(error.data).toEqual({ code: 'woocommerce_rest_authentication_error', message: 'Invalid signature - provided signature does not match.', data: { status: 401 } });
  });
});
