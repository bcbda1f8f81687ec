import type { StockSystem } from '../locations/ids.ts';

interface State {
  okAt: number;
  failedAt: number;
  error: unknown;
}

/**
 * Whether each stock source answered the last time it was asked. A number served past its
 * freshness is reported `stale` only while its source is failing: a value being refreshed in the
 * background from a healthy source is not stale news.
 */
export class SourceHealth {
  private readonly states = new Map<StockSystem, State>();
  private readonly silence = new Map<StockSystem, number>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** A pushing source that says nothing for longer than `ms` counts as failing (it should have spoken). */
  expectEvery(system: StockSystem, ms: number): void {
    this.silence.set(system, ms);
  }

  ok(system: StockSystem, at = this.clock()): void {
    const s = this.state(system);
    s.okAt = Math.max(s.okAt, at);
  }

  failed(system: StockSystem, error: unknown): void {
    const s = this.state(system);
    s.failedAt = this.clock();
    s.error = error;
  }

  /** True when the latest attempt failed, or a pushing source has been silent too long. */
  failing(system: StockSystem): boolean {
    const s = this.states.get(system);
    if (s !== undefined && s.failedAt > s.okAt) return true;
    const silence = this.silence.get(system);
    return silence !== undefined && s !== undefined && s.okAt > 0 && this.clock() - s.okAt > silence;
  }

  lastError(system: StockSystem): unknown {
    return this.states.get(system)?.error;
  }

  lastFailedAt(system: StockSystem): number | null {
    const at = this.states.get(system)?.failedAt;
    return at ? at : null;
  }

  lastOkAt(system: StockSystem): number | null {
    const at = this.states.get(system)?.okAt;
    return at ? at : null;
  }

  private state(system: StockSystem): State {
    let s = this.states.get(system);
    if (!s) this.states.set(system, (s = { okAt: 0, failedAt: 0, error: undefined }));
    return s;
  }
}
