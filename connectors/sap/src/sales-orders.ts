import type { CreatedSalesOrder, SalesOrderInput, SalesOrderRecord } from '@ucg/connector-core';
import { ConnectorError } from '@ucg/connector-core';
import type { SapContext } from './context.ts';
import { batchPartError, outcomeUnknown } from './errors.ts';
import { mapSalesOrder, type SapSalesOrder } from './map/sales-order.ts';
import { anyOf, chunk, odataString, toODataDate } from './odata.ts';

const SERVICE = 'API_SALES_ORDER_SRV';
/** Manual price condition: the price the customer agreed to (a web order's price). */
const MANUAL_PRICE = 'PMP0';

export interface SalesOrderQuery {
  soldToParty?: string;
  numbers?: readonly string[];
  externalReferences?: readonly string[];
}

function soldToOf(ctx: SapContext, input: SalesOrderInput): string {
  return input.soldToParty ?? ctx.config.webSoldToParty;
}

/** The deep-insert payload of A_SalesOrder with `to_Item` (and a PMP0 pricing element where the price is agreed). */
function payload(ctx: SapContext, input: SalesOrderInput): Record<string, unknown> {
  return {
    SalesOrderType: 'OR',
    SalesOrganization: ctx.config.salesOrganization,
    DistributionChannel: ctx.config.distributionChannel,
    OrganizationDivision: ctx.config.division,
    SoldToParty: soldToOf(ctx, input),
    PurchaseOrderByCustomer: input.externalReference,
    TransactionCurrency: input.currency,
    ...(input.orderedAt ? { CustomerPurchaseOrderDate: toODataDate(input.orderedAt) } : {}),
    ...(input.requestedDeliveryDate ? { RequestedDeliveryDate: toODataDate(input.requestedDeliveryDate) } : {}),
    to_Item: {
      results: input.lines.map((line, i) => ({
        SalesOrderItem: String((i + 1) * 10),
        Material: line.sku,
        RequestedQuantity: String(line.quantity),
        RequestedQuantityUnit: 'PC',
        ...(line.unitPrice ? { to_PricingElement: { results: [{ ConditionType: MANUAL_PRICE, ConditionRateValue: line.unitPrice.amount, ConditionCurrency: line.unitPrice.currencyCode }] } } : {}),
      })),
    },
  };
}

/** Reads sales orders (with items) matching any of the given filters; every page. */
export async function salesOrders(ctx: SapContext, query: SalesOrderQuery = {}): Promise<SalesOrderRecord[]> {
  const base = query.soldToParty ? `SoldToParty eq ${odataString(query.soldToParty)}` : undefined;
  const keyed: [string, readonly string[]][] = [];
  if (query.numbers) keyed.push(['SalesOrder', query.numbers]);
  if (query.externalReferences) keyed.push(['PurchaseOrderByCustomer', query.externalReferences]);
  const filters = keyed.length === 0
    ? [base]
    : keyed.flatMap(([prop, values]) => chunk([...new Set(values)], ctx.config.keysPerRequest).map((part) => [base, anyOf(prop, part)].filter(Boolean).join(' and ')));
  if (keyed.length > 0 && filters.length === 0) return [];
  const reads = filters.map((f) => ({ path: 'A_SalesOrder', query: { ...(f ? { $filter: f } : {}), $expand: 'to_Item' } }));
  const seen = new Map<string, SalesOrderRecord>();
  for (const o of (await ctx.client.readMany<SapSalesOrder>(SERVICE, reads)).flat()) seen.set(o.SalesOrder, mapSalesOrder(o));
  return [...seen.values()];
}

async function byReference(ctx: SapContext, soldTo: string, reference: string): Promise<SalesOrderRecord | undefined> {
  return (await salesOrders(ctx, { soldToParty: soldTo, externalReferences: [reference] })).sort((a, b) => a.number.localeCompare(b.number))[0];
}

/**
 * Posts sales orders idempotently by external reference (`PurchaseOrderByCustomer` per sold-to
 * party). SAP does not refuse a second order with the same reference, so the connector looks
 * the reference up before creating, coalesces concurrent calls for one reference in this
 * process, and after a write whose answer was lost looks again before reporting failure.
 * Two processes racing on one reference can still both create: run one poster per order stream.
 */
export class SalesOrderPoster {
  private readonly inflight = new Map<string, Promise<CreatedSalesOrder>>();

  constructor(private readonly ctx: SapContext) {}

  create(input: SalesOrderInput): Promise<CreatedSalesOrder> {
    const key = `${soldToOf(this.ctx, input)}|${input.externalReference}`;
    const running = this.inflight.get(key);
    if (running) return running;
    const attempt = this.createOnce(input).finally(() => this.inflight.delete(key));
    this.inflight.set(key, attempt);
    return attempt;
  }

  private async createOnce(input: SalesOrderInput): Promise<CreatedSalesOrder> {
    const soldTo = soldToOf(this.ctx, input);
    const existing = await byReference(this.ctx, soldTo, input.externalReference);
    if (existing) return { order: existing, created: false };
    try {
      const res = await this.ctx.client.write('POST', SERVICE, 'A_SalesOrder', payload(this.ctx, input));
      return { order: mapSalesOrder(res.json<{ d: SapSalesOrder }>().d), created: true };
    } catch (error) {
      if (!outcomeUnknown(error)) throw error;
      const arrived = await byReference(this.ctx, soldTo, input.externalReference).catch(() => undefined);
      if (arrived) return { order: arrived, created: true };
      throw error;
    }
  }

  /**
   * Many orders in two round trips: one `$batch` of look-ups, then one changeset creating the
   * missing ones (all or nothing, as Gateway runs changesets). Results follow the input order.
   */
  async createMany(inputs: readonly SalesOrderInput[]): Promise<CreatedSalesOrder[]> {
    const keyOf = (i: SalesOrderInput) => `${soldToOf(this.ctx, i)}|${i.externalReference}`;
    const bySoldTo = new Map<string, string[]>();
    for (const i of inputs) bySoldTo.set(soldToOf(this.ctx, i), [...(bySoldTo.get(soldToOf(this.ctx, i)) ?? []), i.externalReference]);
    const reads = [...bySoldTo].flatMap(([soldTo, refs]) => chunk([...new Set(refs)], this.ctx.config.keysPerRequest).map((part) => ({
      path: 'A_SalesOrder',
      query: { $filter: `SoldToParty eq ${odataString(soldTo)} and ${anyOf('PurchaseOrderByCustomer', part)}`, $expand: 'to_Item' },
    })));
    const existing = new Map<string, SalesOrderRecord>();
    for (const o of (await this.ctx.client.readMany<SapSalesOrder>(SERVICE, reads)).flat().map(mapSalesOrder)) {
      const key = `${o.soldToParty}|${o.externalReference ?? ''}`;
      if (!existing.has(key) || existing.get(key)!.number > o.number) existing.set(key, o);
    }
    const missing = [...new Map(inputs.filter((i) => !existing.has(keyOf(i))).map((i) => [keyOf(i), i])).values()];
    const created = new Map<string, SalesOrderRecord>();
    if (missing.length > 0) {
      const [answers] = await this.ctx.client.batch(SERVICE, [], [missing.map((i) => ({ method: 'POST' as const, path: 'A_SalesOrder', body: payload(this.ctx, i) }))]);
      const failed = answers?.find((a) => a.status >= 400);
      if (failed) throw batchPartError(failed.status, failed.body, failed.headers, `${SERVICE}/A_SalesOrder changeset`);
      if (answers?.length !== missing.length) throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'erp', `changeset answered ${answers?.length ?? 0} of ${missing.length} creates`);
      answers.forEach((a, n) => created.set(keyOf(missing[n]!), mapSalesOrder((JSON.parse(a.body) as { d: SapSalesOrder }).d)));
    }
    const reported = new Set<string>();
    return inputs.map((i) => {
      const key = keyOf(i);
      const made = created.get(key);
      // A reference given twice in one call is created once; the repeat reports the same order as existing.
      const first = !reported.has(key);
      reported.add(key);
      return made && first ? { order: made, created: true } : { order: made ?? existing.get(key)!, created: false };
    });
  }
}
