import { createHash, randomUUID } from 'node:crypto';
import { ReadThroughCache } from '@ucg/cache';
import { Big, money, sumMoney, type Money } from '@ucg/connector-core';
import type { ShopifyConnector } from '@ucg/connector-shopify';
import type { Store } from '@ucg/store';
import { emailsMatch, type OrderStatusName, type OrderView } from '../model.ts';
import { fileReturnScript } from './file-script.ts';

export type ReturnMethod = 'MAIL' | 'IN_STORE';
export type ReturnReason = 'DOES_NOT_FIT' | 'DAMAGED' | 'NOT_AS_DESCRIBED' | 'CHANGED_MIND' | 'WRONG_ITEM' | 'OTHER';

export interface ReturnRequestInput {
  orderNumber: string;
  email?: string | null;
  method: ReturnMethod;
  locationId?: string | null;
  lines: { sku: string; quantity: number; reason: ReturnReason }[];
  idempotencyKey?: string | null;
}

export interface ReturnRecord {
  id: string;
  orderNumber: string;
  status: 'REQUESTED' | 'APPROVED' | 'RECEIVED' | 'REFUNDED' | 'REJECTED';
  method: ReturnMethod;
  locationId: string | null;
  lines: { sku: string; quantity: number; reason: ReturnReason }[];
  refund: Money;
  createdAt: string;
}

export interface UserError {
  code: string;
  /** Path to the input field at fault (`["lines", "0", "quantity"]`), as the SDL's `[String!]`. */
  field: string[] | null;
  message: string;
}

export type ReturnOutcome = { return: ReturnRecord; userErrors: [] } | { return: null; userErrors: UserError[] };

/** Orders that have left (or were handed over at a till) can be returned; others are cancelled instead, or were already returned. */
const RETURNABLE = new Set<OrderStatusName>(['SHIPPED', 'DELIVERED', 'COMPLETED']);
const MAX_KEY_LENGTH = 200;

const fail = (code: string, field: string[] | null, message: string): ReturnOutcome => ({ return: null, userErrors: [{ code, field, message }] });

/** Units bought per SKU, and what returning `units` of it refunds (line by line, at each line's unit price). */
function refundFor(order: OrderView, sku: string, units: number): Money {
  let left = units;
  const parts: Money[] = [];
  for (const line of order.lines.filter((l) => l.sku === sku)) {
    const take = Math.min(left, line.quantity);
    if (take > 0) parts.push(money(new Big(line.unitPrice.amount).times(take), order.currency));
    left -= take;
  }
  return sumMoney(parts, order.currency);
}

export interface ReturnsOptions {
  store: Store;
  webstore: Pick<ShopifyConnector, 'locations'>;
  storeLocationsTtlMs: number;
  namespace?: string;
}

/**
 * Buy anywhere, return anywhere: a return of any channel's order, by mail or at one of the web
 * store's retail locations, recorded in the Store. The caller proves ownership (signed in as the
 * order's customer, or the order's email); lines and quantities are checked against what was
 * bought less what earlier returns took; the refund is unit prices × quantities in the order's
 * currency. The same idempotency key never files a second return.
 */
export class Returns {
  private readonly namespace: string;
  private readonly stores: ReadThroughCache<string[]>;

  constructor(private readonly options: ReturnsOptions) {
    this.namespace = options.namespace ?? 'orders:returns';
    this.stores = new ReadThroughCache<string[]>({
      store: options.store,
      namespace: 'orders:retail-locations',
      ttlMs: options.storeLocationsTtlMs,
      load: async () => new Map([['webstore', (await options.webstore.locations()).filter((l) => l.type === 'STORE' && l.active).map((l) => `webstore:${l.nativeId}`)]]),
    });
  }

  private keys(number: string): string[] {
    const base = `${this.namespace}:{${number}}`;
    return [`${base}:records`, `${base}:returned`, `${base}:keys`];
  }

  /**
   * Files the return. `order` is the order as its system holds it (null when the number is
   * unknown), `status` its current status; `signedInEmail` the verified caller, if any.
   */
  async request(input: ReturnRequestInput, order: OrderView | null, status: OrderStatusName | null, signedInEmail: string | undefined): Promise<ReturnOutcome> {
    if (input.idempotencyKey !== undefined && input.idempotencyKey !== null && (input.idempotencyKey.length === 0 || input.idempotencyKey.length > MAX_KEY_LENGTH)) {
      return fail('RETURN_INVALID_IDEMPOTENCY_KEY', ['idempotencyKey'], `idempotencyKey must be 1–${MAX_KEY_LENGTH} characters`);
    }
    // One answer for "no such order" and "not yours": nothing hints that the number exists.
    const owns = order && (emailsMatch(signedInEmail, order.email) || emailsMatch(input.email, order.email));
    if (!order || !owns) return fail('ORDER_NOT_FOUND', ['orderNumber'], 'no order with this number and email');
    if (!status || !RETURNABLE.has(status)) return fail('ORDER_NOT_RETURNABLE', ['orderNumber'], `an order that is ${(status ?? 'unknown').toLowerCase()} cannot be returned`);

    const lineErrors = this.checkLines(input, order);
    if (lineErrors.length) return { return: null, userErrors: lineErrors };
    const location = await this.checkLocation(input);
    if ('code' in location) return { return: null, userErrors: [location] };

    const units = new Map<string, number>();
    for (const line of input.lines) units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
    const bought = (sku: string) => order.lines.filter((l) => l.sku === sku).reduce((n, l) => n + l.quantity, 0);
    const record: ReturnRecord = {
      id: `ret_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      orderNumber: order.number,
      status: 'REQUESTED',
      method: input.method,
      locationId: location.id,
      lines: input.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, reason: l.reason })),
      refund: sumMoney([...units].map(([sku, n]) => refundFor(order, sku, n)), order.currency),
      createdAt: new Date().toISOString(),
    };
    const fingerprint = createHash('sha256').update(JSON.stringify([order.number, input.method, location.id, record.lines])).digest('hex').slice(0, 32);
    const [records, returned, keys] = this.keys(order.number);
    const answer = await this.options.store.run(fileReturnScript, [records!, returned!, keys!], [
      input.idempotencyKey ?? '', record.id, JSON.stringify(record), fingerprint,
      ...[...units].flatMap(([sku, n]) => [sku, n, bought(sku)]),
    ]);
    const [outcome, a, b] = answer.split('|');
    if (outcome === 'created') return { return: record, userErrors: [] };
    if (outcome === 'exceeded') {
      const at = input.lines.findIndex((l) => l.sku === a);
      return fail('RETURN_QUANTITY_EXCEEDED', ['lines', String(at), 'quantity'], `only ${b} of ${a} can still be returned`);
    }
    if (b !== fingerprint) return fail('RETURN_IDEMPOTENCY_KEY_REUSED', ['idempotencyKey'], 'this idempotency key filed a different return');
    const existing = await this.options.store.hget(records!, a!);
    return { return: JSON.parse(existing!) as ReturnRecord, userErrors: [] };
  }

  private checkLines(input: ReturnRequestInput, order: OrderView): UserError[] {
    if (input.lines.length === 0) return [{ code: 'RETURN_LINES_REQUIRED', field: ['lines'], message: 'name at least one line to return' }];
    const errors: UserError[] = [];
    const skus = new Set(order.lines.map((l) => l.sku));
    input.lines.forEach((line, i) => {
      if (!skus.has(line.sku)) errors.push({ code: 'RETURN_LINE_NOT_IN_ORDER', field: ['lines', String(i), 'sku'], message: `${line.sku} is not part of this order` });
      if (!Number.isInteger(line.quantity) || line.quantity < 1) errors.push({ code: 'RETURN_QUANTITY_INVALID', field: ['lines', String(i), 'quantity'], message: 'quantity must be a positive whole number' });
    });
    return errors;
  }

  /** IN_STORE needs one of the web store's active retail locations; MAIL has none (a location given is ignored). */
  private async checkLocation(input: ReturnRequestInput): Promise<{ id: string | null } | UserError> {
    if (input.method === 'MAIL') return { id: null };
    if (!input.locationId) return { code: 'RETURN_LOCATION_REQUIRED', field: ['locationId'], message: 'an in-store return needs the store taking it' };
    const stores = (await this.stores.get('webstore')).value ?? [];
    if (!stores.includes(input.locationId)) return { code: 'RETURN_LOCATION_INVALID', field: ['locationId'], message: `${input.locationId} is not a store that takes returns` };
    return { id: input.locationId };
  }
}
