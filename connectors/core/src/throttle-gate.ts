/**
 * Holds every request to one system until a vendor's throttle window has passed. A `Retry-After`
 * is a promise we made to the vendor: not just the retried request but all requests wait.
 */
export class ThrottleGate {
  private openAt = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  /** Closes the gate for `ms` from now (never shortens a longer hold already in place). */
  hold(ms: number): void {
    if (ms > 0) this.openAt = Math.max(this.openAt, this.clock() + ms);
  }

  /** Milliseconds until the gate opens; 0 when open. */
  remaining(): number {
    return Math.max(0, this.openAt - this.clock());
  }

  async wait(signal?: AbortSignal): Promise<void> {
    for (let left = this.remaining(); left > 0; left = this.remaining()) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, left);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        }, { once: true });
      });
    }
  }
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
