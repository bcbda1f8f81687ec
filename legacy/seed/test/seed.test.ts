import { describe, expect, it } from 'vitest';
import { generateRetailer, RetailerIndex } from '../src/index.ts';

describe('seeded retailer', () => {
  const retailer = generateRetailer();

  it('is the same for the same seed and different for another', () => {
    const again = generateRetailer({ seed: retailer.seed, now: retailer.now, scale: 1.0000001 });
    expect(again.products.map((p) => p.handle)).toEqual(retailer.products.map((p) => p.handle));
    expect(again.orders.at(-1)).toEqual(retailer.orders.at(-1));
    const other = generateRetailer({ seed: 7 });
    expect(other.products.map((p) => p.handle)).not.toEqual(retailer.products.map((p) => p.handle));
  });

  it('has the size of a real mid-market retailer', () => {
    expect(retailer.products.length).toBe(2000);
    expect(retailer.variants.length).toBeGreaterThan(5500);
    expect(retailer.variants.length).toBeLessThan(7000);
    expect(retailer.people.length).toBeGreaterThanOrEqual(5000);
    expect(retailer.orders.filter((o) => o.channel !== 'B2B').length).toBe(20000);
    expect(new Set(retailer.orders.map((o) => o.channel))).toEqual(new Set(['WEB', 'MARKETPLACE', 'POS', 'B2B']));
    expect(retailer.locations.filter((l) => l.type === 'STORE').length).toBeGreaterThanOrEqual(8);
    expect(retailer.locations.filter((l) => l.system === '3pl-us').length).toBeGreaterThanOrEqual(3);
  });

  it('keeps keys unique and references intact', () => {
    const index = new RetailerIndex(retailer);
    expect(index.variantBySku.size).toBe(retailer.variants.length);
    expect(index.productByHandle.size).toBe(retailer.products.length);
    expect(new Set(retailer.orders.map((o) => o.number)).size).toBe(retailer.orders.length);
    expect(new Set(retailer.variants.map((v) => v.gtin)).size).toBe(retailer.variants.length);
    for (const s of retailer.stock) expect(index.variantBySku.has(s.sku)).toBe(true);
    for (const o of retailer.orders) for (const l of o.lines) expect(index.variantBySku.has(l.sku)).toBe(true);
    for (const v of retailer.variants) for (const c of ['USD', 'EUR', 'GBP']) expect(index.price(v.sku, c)).toBeDefined();
  });

  it('has money as two-decimal strings that add up', () => {
    for (const o of retailer.orders.slice(0, 500)) {
      expect(o.total).toMatch(/^\d+\.\d{2}$/);
      const subtotal = o.lines.reduce((s, l) => s + Number(l.unitPrice) * l.quantity, 0);
      expect(Number(o.subtotal)).toBeCloseTo(subtotal, 2);
    }
  });

  it('has a few products with 50 variants, and the demo customer in every channel', () => {
    const index = new RetailerIndex(retailer);
    expect([...index.variantsByProduct.values()].filter((v) => v.length === 50).length).toBeGreaterThan(0);
    const ava = index.personByEmail.get('ava.chen@example.com')!;
    expect(ava.crm && ava.webStore && ava.marketplace).toBeTruthy();
    expect(new Set(index.ordersByPerson.get(ava.key)!.map((o) => o.channel))).toEqual(new Set(['WEB', 'MARKETPLACE', 'POS']));
  });

  it('scales down for quick tests', () => {
    const small = generateRetailer({ scale: 0.05 });
    expect(small.products.length).toBe(100);
    expect(small.orders.length).toBeLessThan(1100);
  });
});
