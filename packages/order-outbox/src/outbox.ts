import type { Store } from '@ucg/store';
import { OutboxError } from './errors.ts';
import { OutboxKeys } from './keys.ts';
import { placeScript } from './place-script.ts';
import type { OrderDraft, OrderPage, OutboxMessage, PlacedOrder, PlaceResult } from './types.ts';

export interface OrderOutboxOptions {
  /** Prefix of every key. @default "order-outbox" */
  namespace?: string;
  /** Letter(s) before graph order numbers, so they never collide with legacy numbers. @default "G" */
  numberPrefix?: string;
  /** The first number handed out. @default 100001 */
  firstNumber?: number;
  /** @default Date.now */
  clock?: () => number;
  /** `relay()` publishes orders still unpublished this long after they were placed. @default 10000 */
  relayAfterMs?: number;
}

export interface ConsumeOptions {
  /** @default 10 */
  count?: number;
  /** Wait this long for a message when none is waiting; absent: answer at once. */
  blockMs?: number;
}

const MAX_KEY_LENGTH = 200;
const RELAY_BATCH = 100;

/**
 * The durable record of graph orders and the stream that hands them to delivery. Checkout calls
 * `place` (one atomic step per idempotency key); the orders subgraph reads `get`/`byEmail`; the
 * delivery worker reads the stream with a consumer group (`consume`, `ack`, `claim`), which is
 * at-least-once: a message may arrive twice (a retried publish, a claimed entry), so delivery is
 * keyed by order number downstream (ERP external reference, CRM operation id).
 */
export class OrderOutbox {
  readonly keys: OutboxKeys;
  private readonly prefix: string;
  private readonly firstNumber: number;
  private readonly clock: () => number;
  private readonly relayAfterMs: number;
  private readonly groups = new Set<string>();

  constructor(
    private readonly store: Store,
    options: OrderOutboxOptions = {},
  ) {
    this.keys = new OutboxKeys(options.namespace ?? 'order-outbox');
    this.prefix = options.numberPrefix ?? 'G';
    this.firstNumber = options.firstNumber ?? 100_001;
    this.clock = options.clock ?? Date.now;
    this.relayAfterMs = options.relayAfterMs ?? 10_000;
  }

  /**
   * Records the order under a new number unless `idempotencyKey` already placed one, and publishes
   * it to the stream. Resolves the order either way (`created` says which). A number drawn by a
   * losing concurrent duplicate is skipped: numbers are unique, not gapless.
   */
  async place(idempotencyKey: string, draft: OrderDraft): Promise<PlaceResult> {
    if (!idempotencyKey || idempotencyKey.length > MAX_KEY_LENGTH) {
      throw new OutboxError('OUTBOX_INVALID_KEY', `idempotency key must be 1–${MAX_KEY_LENGTH} characters`);
    }
    const known = await this.store.hget(this.keys.idempotency, idempotencyKey);
    if (known !== null) return { order: await this.require(known), created: false };
    const sequence = await this.store.incrBy(this.keys.sequence, 1);
    const number = `${this.prefix}${this.firstNumber + sequence - 1}`;
    const placedAt = this.clock();
    const order: PlacedOrder = { ...draft, id: `gid://ucg/Order/${number}`, number, status: 'PENDING', placedAt: new Date(placedAt).toISOString(), idempotencyKey };
    const answer = await this.store.run(
      placeScript,
      [this.keys.idempotency, this.keys.order(number), this.keys.byEmail(draft.email), this.keys.unpublished],
      [idempotencyKey, number, JSON.stringify(order), placedAt, -placedAt],
    );
    const [outcome, placed] = answer.split('|') as ['created' | 'existing', string];
    if (outcome === 'existing') return { order: await this.require(placed), created: false };
    // The order is durable now. Publishing may fail (or this process may die); `relay()` then
    // appends it later, so the delivery worker still gets it.
    await this.publish([number]).catch(() => undefined);
    return { order, created: true };
  }

  async get(number: string): Promise<PlacedOrder | null> {
    return (await this.getMany([number]))[0] ?? null;
  }

  /** Orders by number, in the order asked, null where unknown; one MGET. */
  async getMany(numbers: readonly string[]): Promise<(PlacedOrder | null)[]> {
    if (numbers.length === 0) return [];
    const raw = await this.store.mget(numbers.map((n) => this.keys.order(n)));
    return raw.map((text) => (text === null ? null : (JSON.parse(text) as PlacedOrder)));
  }

  /** The order an idempotency key placed, if any. */
  async byIdempotencyKey(idempotencyKey: string): Promise<PlacedOrder | null> {
    const number = await this.store.hget(this.keys.idempotency, idempotencyKey);
    return number === null ? null : this.get(number);
  }

  /** A shopper's graph orders, newest first (email matched case-insensitively). */
  async byEmail(email: string, page: { first?: number; offset?: number } = {}): Promise<OrderPage> {
    const first = page.first ?? 10;
    const offset = page.offset ?? 0;
    const members = await this.store.zrangeByScore(this.keys.byEmail(email), -Infinity, Infinity);
    const numbers = members.map((m) => m.member).slice(offset, offset + first);
    const orders = (await this.getMany(numbers)).filter((o): o is PlacedOrder => o !== null);
    return { orders, totalCount: members.length };
  }

  /**
   * Up to `count` messages never delivered to `group`, pending for `consumer` until acked. Creates
   * the group on first use, from the start of the stream, so no order placed before it is missed.
   */
  async consume(group: string, consumer: string, options: ConsumeOptions = {}): Promise<OutboxMessage[]> {
    await this.ensureGroup(group);
    const entries = await this.store.xreadgroup(this.keys.stream, group, consumer, {
      count: options.count ?? 10,
      ...(options.blockMs !== undefined ? { blockMs: options.blockMs } : {}),
    });
    return this.messages(entries.map((e) => ({ ...e, deliveries: 1 })));
  }

  /** Marks messages done for `group`; resolves how many were pending. */
  ack(group: string, messageIds: readonly string[]): Promise<number> {
    return this.store.xack(this.keys.stream, group, messageIds);
  }

  /** Takes over messages another consumer of `group` left unacked for `minIdleMs` (it died), oldest first. */
  async claim(group: string, consumer: string, options: { minIdleMs: number; count?: number }): Promise<OutboxMessage[]> {
    await this.ensureGroup(group);
    return this.messages(await this.store.xautoclaim(this.keys.stream, group, consumer, options.minIdleMs, options.count ?? 10));
  }

  /** How many messages `group` holds unacked, per consumer. */
  async pending(group: string) {
    await this.ensureGroup(group);
    return this.store.xpending(this.keys.stream, group);
  }

  /** Appends orders that were placed but never published (a crash in between); resolves how many. */
  async relay(): Promise<number> {
    let published = 0;
    for (;;) {
      const due = await this.store.zrangeByScore(this.keys.unpublished, -Infinity, this.clock() - this.relayAfterMs, RELAY_BATCH);
      if (due.length === 0) return published;
      await this.publish(due.map((d) => d.member));
      published += due.length;
      if (due.length < RELAY_BATCH) return published;
    }
  }

  /** Runs `relay()` every `intervalMs` (between the end of one pass and the next) until stopped. */
  startRelay(options: { intervalMs?: number; onError?: (error: unknown) => void } = {}): { stop(): Promise<void> } {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    let current: Promise<void> | undefined;
    const schedule = () => {
      if (stopped) return;
      timer = setTimeout(() => {
        current = this.relay()
          .then(() => undefined, (error: unknown) => options.onError?.(error))
          .finally(() => {
            current = undefined;
            schedule();
          });
      }, options.intervalMs ?? 5_000);
      // A relay alone never keeps a process alive.
      timer.unref();
    };
    schedule();
    return {
      stop: async () => {
        stopped = true;
        clearTimeout(timer);
        await current;
      },
    };
  }

  private async publish(numbers: readonly string[]): Promise<void> {
    for (const number of numbers) {
      await this.store.xadd(this.keys.stream, { type: 'order.placed', number });
      await this.store.zrem(this.keys.unpublished, [number]);
    }
  }

  private async ensureGroup(group: string): Promise<void> {
    if (this.groups.has(group)) return;
    await this.store.xgroupCreate(this.keys.stream, group, { fromStart: true });
    this.groups.add(group);
  }

  private async messages(entries: { id: string; fields: Record<string, string>; deliveries: number }[]): Promise<OutboxMessage[]> {
    const orders = await this.getMany(entries.map((e) => e.fields.number ?? ''));
    return entries.map((e, i) => ({ id: e.id, type: 'order.placed', number: e.fields.number ?? '', order: orders[i] ?? null, deliveries: e.deliveries }));
  }

  private async require(number: string): Promise<PlacedOrder> {
    const order = await this.get(number);
    if (!order) throw new OutboxError('OUTBOX_ORDER_MISSING', `order ${number} is indexed but its record is missing`);
    return order;
  }
}
