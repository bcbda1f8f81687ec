import { Big, money, type Money } from '@ucg/connector-core';
import type { Person, Retailer, RetailerIndex } from '@ucg/legacy-seed';
import { POS_LOOKBACK_ORDERS } from '../src/loaders/index.ts';

/** What `Customer.channels` must say for a seeded person (see the SDL for the rule). */
export function expectedChannels(index: RetailerIndex, person: Person): string[] {
  const webstoreOrders = (index.ordersByPerson.get(person.key) ?? [])
    .filter((o) => o.system === 'webstore')
    .sort((a, b) => b.placedAt.localeCompare(a.placedAt))
    .slice(0, POS_LOOKBACK_ORDERS);
  const channels: string[] = [];
  if (person.webStore || webstoreOrders.some((o) => o.channel === 'WEB')) channels.push('WEB');
  if (person.marketplace) channels.push('MARKETPLACE');
  if (webstoreOrders.some((o) => o.channel === 'POS')) channels.push('POS');
  if (person.companyId && person.crm) channels.push('B2B');
  return channels;
}

/** 100 points = 1.00 USD, converted at the seed's (the ERP's) rate. */
export function expectedPointsValue(retailer: Retailer, points: number, currency: string): Money {
  const usd = new Big(points).div(100);
  if (currency === 'USD') return money(usd, 'USD');
  const rate = retailer.exchangeRates.find((r) => r.from === 'USD' && r.to === currency)!.rate;
  return money(usd.times(rate), currency);
}

/** How many records each system holds about a seeded person, as the stand-ins project the seed. */
export function expectedRecordCounts(retailer: Retailer, index: RetailerIndex, person: Person): Record<string, number> {
  const orders = index.ordersByPerson.get(person.key) ?? [];
  const numbers = new Set(orders.map((o) => o.number));
  return {
    crm: person.crm ? 1 : 0,
    webstore: (person.webStore ? 1 : 0) + orders.filter((o) => o.system === 'webstore').length,
    marketplace: (person.marketplace ? 1 : 0) + orders.filter((o) => o.system === 'marketplace').length,
    erp: person.companyId ? 1 : 0,
    '3pl-us': orders.filter((o) => o.fulfilledBy === '3pl-us' && o.shippingAddress).length,
    '3pl-eu': retailer.shipments.filter((s) => s.system === '3pl-eu' && numbers.has(s.orderNumber)).length,
    graph: 0,
  };
}
