import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchStack, type RunningStack } from '@ucg/stack';
import { RetailerIndex, generateRetailer } from '@ucg/legacy-seed';
import { gql } from '../src/index.ts';

/**
 * `npm start` without Redis: the subgraphs share one process and one in-process store, so a
 * reservation made by the cart subgraph is what the inventory subgraph nets out of stock.
 */
describe('embedded mode (no Redis): one store shared by the subgraphs', () => {
  let stack: RunningStack;
  let gateway: string;
  const retailer = generateRetailer();
  const index = new RetailerIndex(retailer);
  const product = retailer.products.find((p) => p.inWebStore && index.variantsByProduct.get(p.id)!.some((v) => retailer.stock.some((s) => s.sku === v.sku && s.system === '3pl-us' && s.onHand - s.committed > 5)))!;
  const sku = index.variantsByProduct.get(product.id)!.find((v) => retailer.stock.some((s) => s.sku === v.sku && s.system === '3pl-us' && s.onHand - s.committed > 5))!.sku;

  beforeAll(async () => {
    const env: Record<string, string> = { UCG_LEGACY_LATENCY: 'off', EDI_EXCHANGE_DIR: mkdtempSync(join(tmpdir(), 'ucg-edi-')), LOG_LEVEL: 'warn' };
    const saved = { REDIS_URL: process.env.REDIS_URL, REDIS_CLUSTER_NODES: process.env.REDIS_CLUSTER_NODES };
    delete process.env.REDIS_URL;
    delete process.env.REDIS_CLUSTER_NODES;
    try {
      stack = await launchStack({ ports: 'auto', embedded: true, env });
    } finally {
      Object.assign(process.env, Object.fromEntries(Object.entries(saved).filter(([, v]) => v !== undefined)));
    }
    gateway = `${stack.urls.gateway}/graphql`;
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const availability = async () => {
    const res = await gql<{ variants: { availability: { availableToSell: number } }[] }>(gateway, 'query A($skus: [ID!]!) { variants(skus: $skus) { availability { availableToSell } } }', { skus: [sku] });
    expect(res.body.errors).toBeUndefined();
    return res.body.data!.variants[0]!.availability.availableToSell;
  };

  it('nets a cart reservation out of availableToSell', async () => {
    const before = await availability();
    const created = await gql<{ cartCreate: { cart: { id: string } } }>(gateway, 'mutation { cartCreate(input: {}) { cart { id } userErrors { code } } }');
    const cartId = created.body.data!.cartCreate.cart.id;
    const added = await gql<{ cartLinesAdd: { cart: { totalQuantity: number }; userErrors: unknown[] } }>(
      gateway,
      'mutation Add($id: ID!, $sku: ID!) { cartLinesAdd(cartId: $id, lines: [{ sku: $sku, quantity: 2 }]) { cart { totalQuantity } userErrors { code message } } }',
      { id: cartId, sku },
    );
    expect(added.body.data!.cartLinesAdd).toMatchObject({ cart: { totalQuantity: 2 }, userErrors: [] });
    expect(await availability()).toBe(before - 2);
  });
});
