import type { Store } from '@ucg/store';
import { toAvailability, toReservation } from './decode.ts';
import { StockChangePublisher } from './changes.ts';
import { LedgerError } from './errors.ts';
import { LedgerKeys, skuKeyList, sweepMember } from './keys.ts';
import type { StoredReservation } from './scripts/common.ts';
import { type CloseOutcome, commitScript, releaseScript } from './scripts/close.ts';
import { type ReserveOutcome, reserveScript } from './scripts/reserve.ts';
import { setHeldScript } from './scripts/set-held.ts';
import { Sweeper, type SweeperOptions, sweepOnce } from './sweeper.ts';
import type {
  CommitResult,
  ReleaseResult,
  Reservation,
  ReserveRequest,
  ReserveResult,
  SetHeldOptions,
  SetHeldResult,
  SkuAvailability,
  SweepReport,
} from './types.ts';
import { iso, nonEmpty, positiveQuantity, toMs, wholeQuantity } from './validate.ts';

export interface StockLedgerOptions {
  /** Prefix of every key. @default "stock" */
  namespace?: string;
  /** The ledger's notion of now (ms): expiry checks and timestamps. @default Date.now */
  clock?: () => number;
  /** How long a closed reservation stays on record, so repeated release/commit calls get a real answer. @default 24 h */
  closedRetentionMs?: number;
  /** Buckets of the sweep index; every process sharing a store must use the same number. @default 16 */
  sweepBuckets?: number;
  /** Announce SKUs whose availability changed on the store's stock-changed channel (caches above listen). @default true */
  announceChanges?: boolean;
}

/**
 * Sellable stock and reservations, the one mechanism for both: legacy systems' counts come in with
 * `setHeld`, carts `reserve`, checkout `commit`s, and `available` answers availableToSell. Every step
 * that reads and writes is one atomic script per SKU, so no interleaving of callers — in this process
 * or many, on one Redis or a cluster — can reserve more than a location holds.
 */
export class StockLedger {
  private readonly keys: LedgerKeys;
  private readonly clock: () => number;
  private readonly closedRetentionMs: number;
  private readonly changes: StockChangePublisher | undefined;

  constructor(
    private readonly store: Store,
    options: StockLedgerOptions = {},
  ) {
    this.keys = new LedgerKeys(options.namespace ?? 'stock', options.sweepBuckets ?? 16);
    this.clock = options.clock ?? Date.now;
    this.closedRetentionMs = options.closedRetentionMs ?? 24 * 60 * 60 * 1000;
    this.changes = options.announceChanges === false ? undefined : new StockChangePublisher(store);
  }

  /** Records what a legacy system says `locationId` holds; a report older than the one on record is ignored. */
  async setHeld(sku: string, locationId: string, onHand: number, options: SetHeldOptions): Promise<SetHeldResult> {
    const k = this.keys.sku(sku);
    const args = [nonEmpty(locationId, 'locationId'), wholeQuantity(onHand), toMs(options.asOf, 'asOf'), nonEmpty(options.source, 'source'), options.sellable === false ? '0' : '1'];
    const { applied, asOf } = JSON.parse(await this.store.run(setHeldScript, [k.locations], args)) as { applied: boolean; asOf: string };
    if (applied) this.changes?.note([sku]);
    return { applied, asOf: iso(asOf) };
  }

  /**
   * Reserves `quantity` units (at `locationId`, or across sellable locations) for a cart, or answers
   * how many it could have. Idempotent by `reservationId`: repeating a request changes nothing but
   * the expiry; a new quantity adjusts the reservation in the same atomic step.
   */
  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    const { sku, reservationId, cartId, locationId } = request;
    const k = this.keys.sku(sku);
    nonEmpty(reservationId, 'reservationId');
    nonEmpty(cartId, 'cartId');
    if (locationId !== undefined) nonEmpty(locationId, 'locationId');
    const quantity = positiveQuantity(request.quantity);
    const now = this.clock();
    const expiresAt = toMs(request.expiresAt, 'expiresAt');
    if (expiresAt <= now) throw new LedgerError('LEDGER_INVALID_ARGUMENT', `expiresAt ${iso(expiresAt)} is not in the future`);
    const index = this.keys.reservation(reservationId);
    const bucket = this.keys.sweepBucket(this.keys.bucketOf(sku));
    // Indexed for the sweeper before the reservation exists: if this process dies right after the
    // script, the reservation still expires.
    const [owner] = await Promise.all([this.store.get(index), this.store.zadd(bucket, [{ member: sweepMember(expiresAt, sku), score: expiresAt }])]);
    if (owner !== null && owner !== sku) {
      throw new LedgerError('LEDGER_RESERVATION_CONFLICT', `reservation ${reservationId} belongs to SKU ${owner}, not ${sku}`);
    }
    const [, raw] = await Promise.all([
      this.store.set(index, sku, { ttlMs: expiresAt - now + this.closedRetentionMs }),
      this.store.run(reserveScript, skuKeyList(k), [reservationId, quantity, locationId ?? '', cartId, expiresAt, now]),
    ]);
    const outcome = JSON.parse(raw) as ReserveOutcome;
    if (outcome.status === 'committed') {
      throw new LedgerError('LEDGER_RESERVATION_COMMITTED', `reservation ${reservationId} was already committed; reserve under a new id`);
    }
    if (outcome.status === 'insufficient') return { ok: false, code: 'LEDGER_INSUFFICIENT_STOCK', sku, requested: quantity, available: outcome.available };
    this.changes?.note([sku]);
    return { ok: true, reservation: toReservation(sku, reservationId, outcome.reservation) };
  }

  /** Returns a reservation's units to stock. Idempotent: only the first call releases. */
  async release(reservationId: string): Promise<ReleaseResult> {
    const closed = await this.close(reservationId, 'release');
    if (!closed) return { released: false, state: 'missing', reservation: null };
    return { released: closed.changed, state: closed.reservation.state, reservation: closed.reservation };
  }

  /**
   * Turns a reservation into an allocation for checkout: held and reserved drop at once at each
   * location it used. Idempotent. Rejects a reservation that was released or has expired
   * (`LEDGER_RESERVATION_NOT_ACTIVE`) or is unknown (`LEDGER_RESERVATION_NOT_FOUND`).
   */
  async commit(reservationId: string): Promise<CommitResult> {
    const closed = await this.close(reservationId, 'commit');
    if (!closed) throw new LedgerError('LEDGER_RESERVATION_NOT_FOUND', `no reservation ${reservationId}`);
    const { reservation, changed } = closed;
    if (reservation.state !== 'committed') {
      throw new LedgerError('LEDGER_RESERVATION_NOT_ACTIVE', `reservation ${reservationId} is ${reservation.state}; reserve again before checkout`);
    }
    return { alreadyCommitted: !changed, reservation };
  }

  /** A reservation as it stands, or null when unknown (closed ones are forgotten after the retention period). */
  async reservation(reservationId: string): Promise<Reservation | null> {
    const sku = await this.store.get(this.keys.reservation(nonEmpty(reservationId, 'reservationId')));
    if (sku === null) return null;
    const raw = await this.store.hget(this.keys.sku(sku).reservations, reservationId);
    return raw === null ? null : toReservation(sku, reservationId, JSON.parse(raw) as StoredReservation);
  }

  /**
   * Stock per SKU (in the order asked) and per location. One read per SKU, all issued together: one
   * round trip on Redis (auto-pipelined), one per node on a cluster. Units of a reservation that
   * expired count as reserved until a sweep (or the next reserve of that SKU) returns them.
   */
  async available(skus: readonly string[]): Promise<SkuAvailability[]> {
    const hashes = await Promise.all(skus.map((sku) => this.store.hgetall(this.keys.sku(sku).locations)));
    return hashes.map((hash, i) => toAvailability(skus[i]!, hash));
  }

  /** One sweep pass now: expired reservations go back to stock, old closed records are pruned. */
  async sweep(): Promise<SweepReport> {
    const report = await sweepOnce({ store: this.store, keys: this.keys, clock: this.clock, closedRetentionMs: this.closedRetentionMs });
    this.changes?.note(report.expired.map((e) => e.sku));
    return report;
  }

  /** Sweeps on an interval until `stop()`. Safe to run in every process at once. */
  startSweeper(options: SweeperOptions = {}): Sweeper {
    return new Sweeper(() => this.sweep(), options);
  }

  private async close(reservationId: string, action: 'release' | 'commit'): Promise<{ reservation: Reservation; changed: boolean } | null> {
    const sku = await this.store.get(this.keys.reservation(nonEmpty(reservationId, 'reservationId')));
    if (sku === null) return null;
    const now = this.clock();
    const script = action === 'release' ? releaseScript : commitScript;
    const outcome = JSON.parse(await this.store.run(script, skuKeyList(this.keys.sku(sku)), [reservationId, now])) as CloseOutcome;
    if (outcome.status === 'missing') return null;
    if (outcome.status === 'closed') this.changes?.note([sku]);
    return { reservation: toReservation(sku, reservationId, outcome.reservation), changed: outcome.status === 'closed' };
  }
}
