import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Big, money } from '@ucg/connector-core';
import { SapConnector } from '@ucg/connector-sap';
import { createSapStandIn, type SapStandIn } from '@ucg/legacy-sap-s4';
import { RetailerIndex } from '@ucg/legacy-seed';
import { MemoryStore, RedisStore, type Store } from '@ucg/store';
import { Pricing } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

let standIn: SapStandIn;
let url: string;
let index: RetailerIndex;
const connectors: SapConnector[] = [];

function erp(): SapConnector {
  const c = new SapConnector({ baseUrl: url, user: 'UCG_DEV', password: 'ucg-dev-secret', maxRetries: 0, baseDelayMs: 1, breakerThreshold: 1000 });
  connectors.push(c);
  return c;
}

async function erpCalls(): Promise<number> {
  return ((await (await fetch(`${url}/__sandbox/calls`)).json()) as { total: number }).total;
}

async function faults(body: Record<string, unknown>): Promise<void> {
  await fetch(`${url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

beforeAll(async () => {
  standIn = createSapStandIn({ seed: { scale: 0.05 } });
  url = await standIn.app.listen({ port: 0, host: '127.0.0.1' });
  index = new RetailerIndex(standIn.retailer);
});

afterAll(async () => {
  await Promise.all(connectors.map((c) => c.close()));
  await standIn.app.close();
});

const stores: [string, () => Store][] = [
  ['in-process store', () => new MemoryStore()],
  ['redis', () => new RedisStore({ url: redisUrl, keyPrefix: `ucg-test:pricing:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}:` })],
];

for (const [name, open] of stores) {
  describe(`Pricing on ${name}`, () => {
    let store: Store;
    beforeAll(() => {
      store = open();
    });
    afterAll(async () => {
      await faults({ down: false });
      await store.close();
    });

    const skus = () => standIn.retailer.variants.slice(0, 12).map((v) => v.sku);

    it('answers the ERP price list for USD, EUR and GBP, and B2B group prices', async () => {
      const pricing = new Pricing({ source: erp(), store });
      for (const currency of ['USD', 'EUR', 'GBP']) {
        const quotes = await pricing.prices(skus(), currency);
        expect(quotes.size).toBe(12);
        for (const sku of skus()) {
          const seeded = index.price(sku, currency)!;
          expect(quotes.get(sku)).toMatchObject({ price: { amount: seeded.amount, currencyCode: currency }, conversion: null, stale: false });
          expect(quotes.get(sku)!.compareAtPrice).toEqual(seeded.compareAtAmount ? { amount: seeded.compareAtAmount, currencyCode: currency } : null);
        }
      }
      const b2b = await pricing.prices(skus(), 'EUR', 'B2');
      for (const sku of skus()) expect(b2b.get(sku)!.price.amount).toBe(index.price(sku, 'EUR', 'B2')!.amount);
    });

    it('converts the USD price at the ERP rate, rounded half-even, for currencies without a price list', async () => {
      const pricing = new Pricing({ source: erp(), store });
      for (const currency of ['CAD', 'JPY', 'CHF']) {
        const rate = standIn.retailer.exchangeRates.find((r) => r.from === 'USD' && r.to === currency)!.rate;
        const quotes = await pricing.prices(skus(), currency);
        for (const sku of skus()) {
          const usd = index.price(sku, 'USD')!;
          const decimals = currency === 'JPY' ? 0 : 2;
          const expected = new Big(usd.amount).times(rate).round(decimals, Big.roundHalfEven).toFixed(decimals);
          expect(quotes.get(sku)!.price).toEqual({ amount: expected, currencyCode: currency });
          expect(quotes.get(sku)!.conversion).toEqual({ from: 'USD', rate: new Big(rate).toString() });
        }
      }
      const eurUsd = standIn.retailer.exchangeRates.find((r) => r.from === 'EUR' && r.to === 'USD')!.rate;
      expect(await pricing.convert(money('10.00', 'EUR'), 'USD')).toEqual(money(new Big('10').times(eurUsd), 'USD'));
    });

    it('serves repeated reads from the cache: one ERP call per batch of SKUs, one for the rate table', async () => {
      const pricing = new Pricing({ source: erp(), store });
      const fresh = standIn.retailer.variants.slice(40, 70).map((v) => v.sku);
      const before = await erpCalls();
      // Two currencies converted from USD, concurrently: one price read and one rate read between them.
      await Promise.all([pricing.prices(fresh, 'CAD'), pricing.prices(fresh, 'AUD'), pricing.prices(fresh.slice(0, 5), 'SEK')]);
      const afterFirst = await erpCalls();
      expect(afterFirst - before).toBeLessThanOrEqual(2);
      await pricing.prices(fresh, 'CAD');
      await pricing.prices(fresh, 'USD');
      // A second process sharing the store finds everything cached as well.
      await new Pricing({ source: erp(), store }).prices(fresh, 'PLN');
      expect(await erpCalls()).toBe(afterFirst);
    });

    it('leaves SKUs the ERP does not price out of the answer', async () => {
      const pricing = new Pricing({ source: erp(), store });
      const quotes = await pricing.prices([skus()[0]!, 'NO-SUCH-SKU'], 'USD');
      expect([...quotes.keys()]).toEqual([skus()[0]]);
    });

    it('answers the last known prices, marked stale, while the ERP is down; fails only without any', async () => {
      const pricing = new Pricing({ source: erp(), store, priceTtlMs: 40, rateTtlMs: 40 });
      const some = standIn.retailer.variants.slice(80, 84).map((v) => v.sku);
      const known = await pricing.prices(some, 'CAD');
      await faults({ down: true });
      try {
        await sleep(120);
        const served = await pricing.prices(some, 'CAD');
        for (const sku of some) expect(served.get(sku)).toMatchObject({ price: known.get(sku)!.price, stale: true });
        await expect(pricing.prices([standIn.retailer.variants[90]!.sku], 'USD')).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'erp' });
      } finally {
        await faults({ down: false });
      }
    });

    it('refuses malformed currencies and currencies the ERP cannot convert to', async () => {
      const pricing = new Pricing({ source: erp(), store });
      await expect(pricing.prices(skus(), 'usd')).rejects.toMatchObject({ code: 'PRICING_INVALID_CURRENCY' });
      await expect(pricing.prices(skus(), 'ZAR')).rejects.toMatchObject({ code: 'PRICING_NO_RATE' });
      expect(await pricing.rate('GBP', 'GBP')).toBe('1');
    });
  });
}
