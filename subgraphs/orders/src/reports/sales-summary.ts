import { GraphQLError } from 'graphql';
import { Big, money, sumMoney, type Money } from '@ucg/connector-core';
import type { RateTable } from '@ucg/pricing';
import { FxRates } from '../fx.ts';
import type { SaleFact, SalesFacts } from './sales-facts.ts';

export type Channel = SaleFact['channel'];
export const CHANNELS: readonly Channel[] = ['WEB', 'MARKETPLACE', 'POS', 'B2B'];

export interface ChannelSales {
  channel: Channel;
  orders: number;
  revenue: Money;
  averageOrderValue: Money;
}

export interface TopProduct {
  sku: string;
  title: string;
  units: number;
  revenue: Money;
}

export interface SalesSummary {
  orders: number;
  revenue: Money;
  averageOrderValue: Money;
  repeatCustomerRate: number;
  byChannel: ChannelSales[];
  products: TopProduct[];
}

/**
 * Amounts in several currencies as one amount in `to`: each currency's sum converted once at the
 * ERP's rate (rounded half-even to `to`'s decimals), then added. Converting sums rather than
 * single orders keeps the rounding to one step per currency.
 */
function convertSums(amounts: Iterable<[currency: string, amount: string]>, to: string, rates: RateTable): Money {
  const byCurrency = new Map<string, Big>();
  for (const [currency, amount] of amounts) byCurrency.set(currency, (byCurrency.get(currency) ?? new Big(0)).plus(amount));
  return sumMoney([...byCurrency].map(([currency, sum]) => FxRates.convert(rates, money(sum, currency), to)), to);
}

function average(total: Money, count: number): Money {
  return count === 0 ? money(0, total.currencyCode) : money(new Big(total.amount).div(count), total.currencyCode);
}

/**
 * The cross-channel KPIs of a set of orders in one reporting currency (definitions in the SDL):
 * revenue per channel is each currency's subtotal sum converted once; the total is the sum of the
 * channels, so the channel rows always add up to it. Cancelled orders are not in `facts`.
 */
export function summarise(facts: readonly SaleFact[], currencyCode: string, rates: RateTable): SalesSummary {
  const byChannel = CHANNELS.map((channel) => {
    const orders = facts.filter((f) => f.channel === channel);
    const revenue = convertSums(orders.map((f) => [f.currency, f.subtotal]), currencyCode, rates);
    return { channel, orders: orders.length, revenue, averageOrderValue: average(revenue, orders.length) };
  });
  const revenue = sumMoney(byChannel.map((c) => c.revenue), currencyCode);

  const ordersPerCustomer = new Map<string, number>();
  for (const f of facts) if (f.customer) ordersPerCustomer.set(f.customer, (ordersPerCustomer.get(f.customer) ?? 0) + 1);
  const repeat = [...ordersPerCustomer.values()].filter((n) => n > 1).length;

  const bySku = new Map<string, { title: string; titleFromWeb: boolean; units: number; amounts: [string, string][] }>();
  for (const f of facts) {
    const fromWeb = f.channel === 'WEB' || f.channel === 'POS';
    for (const line of f.lines) {
      if (!line.sku) continue;
      const entry = bySku.get(line.sku) ?? { title: line.title, titleFromWeb: fromWeb, units: 0, amounts: [] };
      // The web store's product titles are the catalogue's; other systems' names are shorter (ERP) or the marketplace's own.
      if (fromWeb && !entry.titleFromWeb) Object.assign(entry, { title: line.title, titleFromWeb: true });
      entry.units += line.quantity;
      entry.amounts.push([f.currency, line.amount]);
      bySku.set(line.sku, entry);
    }
  }
  const products = [...bySku].map(([sku, e]) => ({ sku, title: e.title, units: e.units, revenue: convertSums(e.amounts, currencyCode, rates) }));
  products.sort((a, b) => new Big(b.revenue.amount).cmp(a.revenue.amount) || b.units - a.units || a.sku.localeCompare(b.sku));

  return {
    orders: facts.length,
    revenue,
    averageOrderValue: average(revenue, facts.length),
    repeatCustomerRate: ordersPerCustomer.size === 0 ? 0 : repeat / ordersPerCustomer.size,
    byChannel,
    products,
  };
}

/** A report that is still being computed when the caller's time is up; ask again shortly. */
export class ReportNotReadyError extends GraphQLError {
  constructor(retryAfterMs: number) {
    super('the sales summary for this period is still being computed; ask again shortly', { extensions: { code: 'REPORT_NOT_READY', retryAfterMs } });
  }
}

/**
 * The sales summary over the cached per-day order sets and the ERP's current rates. A period the
 * cache does not hold yet can take a while (the web store lists orders at the pace its query-cost
 * budget allows), longer than a client waits: after `answerWithinMs` the caller gets
 * REPORT_NOT_READY while the computation goes on; asking again joins it, and once done the answer
 * is kept for `keepMs` and its days are in the cache.
 */
export class SalesReports {
  private readonly running = new Map<string, { done: boolean; result: Promise<SalesSummary> }>();

  constructor(
    private readonly facts: SalesFacts,
    private readonly rates: () => Promise<RateTable>,
    private readonly options: { answerWithinMs: number; keepMs: number } = { answerWithinMs: 8_000, keepMs: 60_000 },
  ) {}

  summary(from: Date, to: Date, currencyCode: string): Promise<SalesSummary> {
    const key = `${from.toISOString()}|${to.toISOString()}|${currencyCode}`;
    let entry = this.running.get(key);
    if (!entry) {
      const result = Promise.all([this.facts.between(from, to), this.rates()]).then(([facts, rates]) => summarise(facts, currencyCode, rates));
      const created = { done: false, result };
      entry = created;
      this.running.set(key, created);
      result.then(
        () => {
          created.done = true;
          setTimeout(() => this.running.get(key) === created && this.running.delete(key), this.options.keepMs).unref();
        },
        () => this.running.get(key) === created && this.running.delete(key),
      );
    }
    if (entry.done) return entry.result;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ReportNotReadyError(Math.max(1000, this.options.answerWithinMs / 2))), this.options.answerWithinMs);
    });
    return Promise.race([entry.result, deadline]).finally(() => clearTimeout(timer));
  }
}
