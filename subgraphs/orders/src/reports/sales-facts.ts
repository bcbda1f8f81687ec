import { ReadThroughCache } from '@ucg/cache';
import { Big, type OrderRecord, type SalesOrderRecord } from '@ucg/connector-core';
import { customerIdForEmail } from '@ucg/request-context';
import type { Store } from '@ucg/store';
import type { GraphOrders } from '../sources/graph-orders.ts';
import type { OrderView } from '../model.ts';
import type { CoreSystems } from '../systems/index.ts';

/** What a sales report needs of one order: no names, no addresses; the customer as a pseudonymous key. */
export interface SaleFact {
  number: string;
  channel: 'WEB' | 'MARKETPLACE' | 'POS' | 'B2B';
  placedAt: string;
  currency: string;
  /** Goods as sold (line prices × quantities, VAT included where prices include it), without shipping or tax added on top. */
  subtotal: string;
  /** `cus_…` for a shopper, `erp:<sold-to>` for a B2B account, null for an anonymous till sale. */
  customer: string | null;
  lines: { sku: string; title: string; quantity: number; amount: string }[];
}

type Source = 'webstore' | 'marketplace' | 'erp';
const SOURCES: readonly Source[] = ['webstore', 'marketplace', 'erp'];
const DAY = 86_400_000;

function fromChannelOrder(o: OrderRecord): SaleFact | null {
  if (o.status === 'CANCELLED') return null;
  return {
    number: o.number,
    channel: o.channel,
    placedAt: o.placedAt,
    currency: o.subtotal.currencyCode,
    subtotal: o.subtotal.amount,
    customer: o.email ? customerIdForEmail(o.email) : null,
    lines: o.lines.map((l) => ({ sku: l.sku ?? '', title: l.title, quantity: l.quantity, amount: new Big(l.unitPrice.amount).times(l.quantity).toFixed() })),
  };
}

function fromSalesOrder(o: SalesOrderRecord): SaleFact | null {
  if (o.status === 'CANCELLED' || !o.orderedAt) return null;
  return {
    number: o.number,
    channel: 'B2B',
    placedAt: o.orderedAt,
    currency: o.currency,
    subtotal: o.netAmount.amount,
    customer: `erp:${o.soldToParty}`,
    lines: o.lines.map((l) => ({ sku: l.sku, title: l.description, quantity: l.quantity, amount: l.netAmount.amount })),
  };
}

export function fromGraphOrder(o: OrderView): SaleFact | null {
  if (o.status === 'CANCELLED') return null;
  return {
    number: o.number,
    channel: o.channel,
    placedAt: o.placedAt,
    currency: o.currency,
    subtotal: o.subtotal.amount,
    customer: o.email ? customerIdForEmail(o.email) : null,
    lines: o.lines.map((l) => ({ sku: l.sku, title: l.title, quantity: l.quantity, amount: new Big(l.unitPrice.amount).times(l.quantity).toFixed() })),
  };
}

export interface SalesFactsOptions {
  systems: Pick<CoreSystems, 'webstore' | 'marketplace' | 'erp'>;
  graph: GraphOrders;
  store: Store;
  closedDayTtlMs: number;
  openDayTtlMs: number;
  /** A day counts as closed (late changes unlikely) once it ended this long ago. */
  closedAfterMs: number;
  clock?: () => number;
}

const dayKey = (source: Source, dayStart: number) => `${source}|${new Date(dayStart).toISOString().slice(0, 10)}`;

/**
 * The orders of a period, from every selling system, cached by UTC day: a report for "the last 30
 * days" asked again tomorrow reads 29 days from the Store and one from the systems. Whole days that
 * ended long ago are kept for hours, recent ones for a minute; the partial days at either end of
 * an arbitrary period are always read live. Missing days next to each other are read in one range
 * query per system. Graph orders come from the Store itself and are never cached.
 */
export class SalesFacts {
  private readonly closed: ReadThroughCache<SaleFact[]>;
  private readonly open: ReadThroughCache<SaleFact[]>;
  private readonly clock: () => number;

  constructor(private readonly options: SalesFactsOptions) {
    this.clock = options.clock ?? Date.now;
    const load = (keys: string[]) => this.loadDays(keys);
    this.closed = new ReadThroughCache({ store: options.store, namespace: 'orders:sales-day:v1', ttlMs: options.closedDayTtlMs, staleWhileRevalidateMs: 0, load });
    this.open = new ReadThroughCache({ store: options.store, namespace: 'orders:sales-day-open:v1', ttlMs: options.openDayTtlMs, staleWhileRevalidateMs: 0, load });
  }

  /** Every order placed in [from, to) that was not cancelled. */
  async between(from: Date, to: Date): Promise<SaleFact[]> {
    const start = from.getTime();
    const end = to.getTime();
    const days: number[] = [];
    for (let d = Math.ceil(start / DAY) * DAY; d + DAY <= end; d += DAY) days.push(d);
    // The part-days at either end of the period (or all of it, if it holds no whole day).
    const edges: [number, number][] = [];
    const wholeFrom = days[0] ?? end;
    const wholeTo = days.length ? days.at(-1)! + DAY : end;
    if (start < wholeFrom) edges.push([start, Math.min(wholeFrom, end)]);
    if (days.length && wholeTo < end) edges.push([wholeTo, end]);
    const closedBefore = this.clock() - this.options.closedAfterMs;
    const keysFor = (closed: boolean) => days.filter((d) => (d + DAY <= closedBefore) === closed).flatMap((d) => SOURCES.map((s) => dayKey(s, d)));
    const [closed, open, live, graph] = await Promise.all([
      this.closed.getMany(keysFor(true)),
      this.open.getMany(keysFor(false)),
      Promise.all(edges.map(([a, b]) => this.fetchRange(a, b))),
      this.options.graph.placedBetween(from, to),
    ]);
    const facts = [...closed.values(), ...open.values()].flatMap((c) => c.value ?? []);
    for (const range of live) facts.push(...range);
    for (const order of graph) {
      const fact = fromGraphOrder(order);
      if (fact) facts.push(fact);
    }
    return facts;
  }

  /** All systems' orders in [from, to), straight from the systems. */
  private async fetchRange(from: number, to: number): Promise<SaleFact[]> {
    const perSource = await Promise.all(SOURCES.map((s) => this.fetch(s, from, to)));
    return perSource.flat();
  }

  private async fetch(source: Source, from: number, to: number): Promise<SaleFact[]> {
    const range = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    const { systems } = this.options;
    const inRange = (f: SaleFact) => Date.parse(f.placedAt) >= from && Date.parse(f.placedAt) < to;
    if (source === 'webstore') return (await systems.webstore.listOrders(range)).map(fromChannelOrder).filter((f): f is SaleFact => !!f && inRange(f));
    if (source === 'marketplace') return (await systems.marketplace.listOrders(range)).map(fromChannelOrder).filter((f): f is SaleFact => !!f && inRange(f));
    // The ERP has no date filter on this read; B2B volume is small, and orders the graph posted for
    // web checkouts (the web store's one-time customer) are counted from the graph's own record.
    const web = systems.erp.config.webSoldToParty;
    return (await systems.erp.salesOrders({})).filter((o) => o.soldToParty !== web).map(fromSalesOrder).filter((f): f is SaleFact => !!f && inRange(f));
  }

  /** Loads whole days: consecutive missing days of one system are one range query. */
  private async loadDays(keys: string[]): Promise<Map<string, SaleFact[]>> {
    const result = new Map<string, SaleFact[]>();
    const bySource = new Map<Source, number[]>();
    for (const key of keys) {
      const [source, day] = key.split('|') as [Source, string];
      bySource.set(source, [...(bySource.get(source) ?? []), Date.parse(`${day}T00:00:00.000Z`)]);
    }
    await Promise.all(
      [...bySource].map(async ([source, days]) => {
        days.sort((a, b) => a - b);
        const runs: [number, number][] = [];
        for (const d of days) {
          const last = runs.at(-1);
          if (last && last[1] === d) last[1] = d + DAY;
          else runs.push([d, d + DAY]);
        }
        // One ERP read covers every run (it has no date filter), so runs are merged for it.
        const ranges = source === 'erp' ? [[runs[0]![0], runs.at(-1)![1]] as [number, number]] : runs;
        for (const [from, to] of ranges) {
          const facts = await this.fetch(source, from, to);
          for (const d of days.filter((x) => x >= from && x < to)) result.set(dayKey(source, d), []);
          for (const fact of facts) {
            const key = dayKey(source, Math.floor(Date.parse(fact.placedAt) / DAY) * DAY);
            result.get(key)?.push(fact);
          }
        }
      }),
    );
    return result;
  }
}
