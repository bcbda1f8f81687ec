import type { Store } from '@ucg/store';
import { acquire, release } from './store-lock.ts';

/** The systems a graph order is delivered to. */
export type DeliveryTarget = 'erp' | '3pl-us' | '3pl-eu' | 'crm';
export const DELIVERY_TARGETS: readonly DeliveryTarget[] = ['erp', '3pl-us', '3pl-eu', 'crm'];

/**
 * One order's delivery to one system. `accepted`: the system took it (never sent again).
 * `skipped`: nothing to deliver (no points to credit, no CRM record for a guest). `retrying`: it
 * failed in a way that may pass (outage, timeout, throttling) and is tried again from
 * `nextAttemptAt`. `dead`: the system refused it for good (a business rejection); it stays on the
 * dead-letter list until someone fixes the cause and replays it.
 */
export interface TargetState {
  state: 'accepted' | 'skipped' | 'retrying' | 'dead';
  attempts: number;
  /** When the state was last written (ISO). */
  at: string;
  /** The system's own id of what it accepted (ERP sales order, ShipBob order id, 940 file). */
  reference?: string;
  nextAttemptAt?: number;
  error?: { code: string; message: string };
  /** Why nothing was delivered (skipped). */
  reason?: string;
}

/** What an order is sent where: fixed the first time the worker sees the order, so retries never re-plan. */
export interface DeliveryPlan {
  targets: DeliveryTarget[];
  /** Units per SKU each warehouse ships (from where checkout allocated them); `erp-plant` ships with the ERP order. */
  shipments: Partial<Record<HandedTo, { sku: string; quantity: number }[]>>;
  /** How the 3PL split was decided: the record's allocations, the stock ledger's reservations, or the ship-to country. */
  decidedBy: 'allocations' | 'reservations' | 'country' | 'pickup';
  plannedAt: string;
}

export type HandedTo = '3pl-us' | '3pl-eu' | 'erp-plant';

export interface DeliveryRecord {
  plan: DeliveryPlan | null;
  targets: Partial<Record<DeliveryTarget, TargetState>>;
}

export interface DeadLetter {
  number: string;
  target: DeliveryTarget;
  at: string;
  attempts: number;
  error: { code: string; message: string } | null;
}

const TERMINAL = new Set<TargetState['state']>(['accepted', 'skipped', 'dead']);

export function isTerminal(state: TargetState | undefined): boolean {
  return !!state && TERMINAL.has(state.state);
}

/** True when every planned system has its final answer (accepted, skipped or dead). */
export function isSettled(record: DeliveryRecord): boolean {
  return !!record.plan && record.plan.targets.every((t) => isTerminal(record.targets[t]));
}

/**
 * Per-order, per-system delivery state in the Store. One hash per order (`{number}` hash tag: the
 * lease lives in the same slot), plus a dead-letter index ordered by time.
 */
export class DeliveryStates {
  constructor(
    private readonly store: Store,
    private readonly namespace = 'order-delivery',
  ) {}

  private key(number: string): string {
    return `${this.namespace}:{${number}}`;
  }

  leaseKey(number: string): string {
    return `${this.key(number)}:lease`;
  }

  private get deadKey(): string {
    return `${this.namespace}:dead`;
  }

  async get(number: string): Promise<DeliveryRecord> {
    return decode(await this.store.hgetall(this.key(number)));
  }

  /** Many orders' states, issued together (one round trip on Redis with auto-pipelining). */
  async getMany(numbers: readonly string[]): Promise<DeliveryRecord[]> {
    return Promise.all(numbers.map((n) => this.get(n)));
  }

  async savePlan(number: string, plan: DeliveryPlan): Promise<void> {
    await this.store.hset(this.key(number), { plan: JSON.stringify(plan) });
  }

  async setTarget(number: string, target: DeliveryTarget, state: TargetState): Promise<void> {
    await this.store.hset(this.key(number), { [`t:${target}`]: JSON.stringify(state) });
    const member = `${number}|${target}`;
    if (state.state === 'dead') await this.store.zadd(this.deadKey, [{ member, score: Date.parse(state.at) }]);
    else await this.store.zrem(this.deadKey, [member]);
  }

  /**
   * Remembers that a warehouse took an order (`3pl-us`, `3pl-eu`, or `erp-plant` for lines the ERP
   * plant ships), for the fulfilment board: what a warehouse holds that has not shipped yet.
   */
  async markHanded(warehouse: HandedTo, number: string, at: number): Promise<void> {
    await this.store.zadd(`${this.namespace}:handed:${warehouse}`, [{ member: number, score: at }]);
  }

  /** Orders handed to `warehouse` since `since` (ms), oldest first. */
  async handedSince(warehouse: HandedTo, since: number): Promise<{ number: string; at: number }[]> {
    return (await this.store.zrangeByScore(`${this.namespace}:handed:${warehouse}`, since, Infinity)).map((m) => ({ number: m.member, at: m.score }));
  }

  /**
   * Puts dead-lettered deliveries of an order back to `retrying` (due now), after someone fixed the
   * cause; the worker delivers them once the order's message is read again (see `replayOrder`).
   * Resolves the systems it reopened.
   */
  async reopen(number: string, targets?: readonly DeliveryTarget[]): Promise<DeliveryTarget[]> {
    const record = await this.get(number);
    const reopened = (targets ?? DELIVERY_TARGETS).filter((t) => record.targets[t]?.state === 'dead');
    for (const target of reopened) {
      const { error, attempts } = record.targets[target]!;
      await this.setTarget(number, target, { state: 'retrying', attempts, at: new Date().toISOString(), nextAttemptAt: 0, ...(error ? { error } : {}) });
    }
    return reopened;
  }

  async deadLetterCount(): Promise<number> {
    return (await this.store.zrangeByScore(this.deadKey, -Infinity, Infinity)).length;
  }

  /** Dead letters, oldest first. */
  async deadLetters(limit = 500): Promise<DeadLetter[]> {
    const members = await this.store.zrangeByScore(this.deadKey, -Infinity, Infinity, limit);
    const parsed = members.map((m) => {
      const cut = m.member.lastIndexOf('|');
      return { number: m.member.slice(0, cut), target: m.member.slice(cut + 1) as DeliveryTarget };
    });
    const records = await this.getMany(parsed.map((p) => p.number));
    return parsed.flatMap((p, i) => {
      const state = records[i]!.targets[p.target];
      return state?.state === 'dead' ? [{ ...p, at: state.at, attempts: state.attempts, error: state.error ?? null }] : [];
    });
  }

  /**
   * Takes the order for one delivery pass (so two workers never post one order to a system at
   * once); the lease expires by itself if the holder dies. Resolves the token to release with.
   */
  lease(number: string, ttlMs: number): Promise<string | null> {
    return acquire(this.store, this.leaseKey(number), ttlMs);
  }

  release(number: string, token: string): Promise<void> {
    return release(this.store, this.leaseKey(number), token);
  }
}

function decode(hash: Record<string, string>): DeliveryRecord {
  const record: DeliveryRecord = { plan: hash.plan ? (JSON.parse(hash.plan) as DeliveryPlan) : null, targets: {} };
  for (const target of DELIVERY_TARGETS) {
    const raw = hash[`t:${target}`];
    if (raw) record.targets[target] = JSON.parse(raw) as TargetState;
  }
  return record;
}
