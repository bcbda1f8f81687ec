/**
 * ShipBob's limit: N requests per sliding window, counted per user and application (here: per
 * bearer token). Refused calls do not count. Limit and window are mutable so tests and the
 * sandbox can lower them at run time.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    public limit: number,
    public windowMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Counts a call when the window has room; otherwise says how long until it has. */
  take(key: string): { allowed: true; remaining: number } | { allowed: false; remaining: 0; retryAfterMs: number } {
    const now = this.clock();
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return { allowed: false, remaining: 0, retryAfterMs: recent[recent.length - this.limit]! + this.windowMs - now };
    }
    recent.push(now);
    this.hits.set(key, recent);
    return { allowed: true, remaining: this.limit - recent.length };
  }

  reset(): void {
    this.hits.clear();
  }
}
