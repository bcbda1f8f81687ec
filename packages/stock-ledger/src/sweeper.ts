import type { Store } from '@ucg/store';
import { type LedgerKeys, skuKeyList, skuOfSweepMember, sweepMember } from './keys.ts';
import { list } from './scripts/common.ts';
import { type SweepOutcome, sweepScript } from './scripts/sweep.ts';
import type { ExpiredReservation, SweepReport } from './types.ts';

export interface SweepContext {
  store: Store;
  keys: LedgerKeys;
  clock: () => number;
  closedRetentionMs: number;
}

/** Sweep-index members read per bucket and round. */
const MEMBERS_PER_ROUND = 200;
const MAX_ROUNDS = 50;
/** Reservations one script call expires (and closed records it prunes) before it yields. */
const PER_SCRIPT = 100;

/**
 * Sweeps one SKU at `now`, then re-indexes it at its next due time (the next expiry, or when the
 * oldest closed record may be pruned). The new index entry is written before the caller removes the
 * ones it processed, so a crash in between leaves extra work, never lost work.
 */
async function sweepSku(ctx: SweepContext, sku: string, now: number, bucket: string): Promise<string[]> {
  const expired: string[] = [];
  let outcome: SweepOutcome;
  let calls = 0;
  do {
    outcome = JSON.parse(await ctx.store.run(sweepScript, skuKeyList(ctx.keys.sku(sku)), [now, PER_SCRIPT, ctx.closedRetentionMs])) as SweepOutcome;
    expired.push(...list(outcome.expired));
  } while (outcome.more && ++calls < 1_000);
  const due = [outcome.nextExpiry, outcome.nextClosed && String(Number(outcome.nextClosed) + ctx.closedRetentionMs)]
    .filter((d): d is string => d !== undefined)
    .map(Number);
  if (due.length) {
    const next = Math.min(...due);
    await ctx.store.zadd(bucket, [{ member: sweepMember(next, sku), score: next }]);
  }
  return expired;
}

/**
 * One pass over every sweep bucket: each SKU with something due at or before now is swept once.
 * Several processes may run passes at the same time; each expired reservation is still returned to
 * stock exactly once, because the per-SKU script only frees reservations that are still active.
 */
export async function sweepOnce(ctx: SweepContext): Promise<SweepReport> {
  const now = ctx.clock();
  const expired: ExpiredReservation[] = [];
  let skus = 0;
  const buckets = Array.from({ length: ctx.keys.bucketCount }, (_, i) => ctx.keys.sweepBucket(i));
  await Promise.all(
    buckets.map(async (bucket) => {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const due = await ctx.store.zrangeByScore(bucket, -Infinity, now, MEMBERS_PER_ROUND);
        const bySku = new Map<string, string[]>();
        for (const { member } of due) bySku.set(skuOfSweepMember(member), [...(bySku.get(skuOfSweepMember(member)) ?? []), member]);
        for (const [sku, members] of bySku) {
          for (const reservationId of await sweepSku(ctx, sku, now, bucket)) expired.push({ sku, reservationId });
          await ctx.store.zrem(bucket, members);
          skus++;
        }
        if (due.length < MEMBERS_PER_ROUND) break;
      }
    }),
  );
  return { expired, skus };
}

export interface SweeperOptions {
  /** Time between the end of one pass and the start of the next. @default 1000 */
  intervalMs?: number;
  /** Called after every pass (metrics, logs). */
  onSweep?: (report: SweepReport) => void;
  /** A failed pass (the store unreachable, say); the sweeper carries on with the next one. */
  onError?: (error: unknown) => void;
}

/** Runs sweep passes on an interval, never two at once in this process, until stopped. */
export class Sweeper {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly pass: () => Promise<SweepReport>,
    private readonly options: SweeperOptions = {},
  ) {
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.current = this.pass()
        .then((report) => this.options.onSweep?.(report), (error: unknown) => this.options.onError?.(error))
        .finally(() => {
          this.current = undefined;
          this.schedule(this.options.intervalMs ?? 1_000);
        });
    }, ms);
    // A sweeper alone never keeps a process alive.
    this.timer.unref();
  }

  /** Stops scheduling and waits for a pass under way to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }
}
