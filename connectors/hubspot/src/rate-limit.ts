import { ConnectorError, responseHeader, type HttpResponse, type ThrottleGate } from '@ucg/connector-core';

/** The 429 body HubSpot sends, naming the limit that was hit. */
interface RateLimitBody {
  policyName?: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY' | string;
  errorType?: string;
}

const DEFAULT_INTERVAL_MS = 10_000;

function numberHeader(response: HttpResponse, name: string): number | undefined {
  const raw = responseHeader(response.headers, name);
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

function policyOf(response: HttpResponse): string | undefined {
  try {
    return response.json<RateLimitBody>().policyName;
  } catch {
    return undefined;
  }
}

/**
 * Paces the connector to HubSpot's ten-second rolling limit.
 *
 * HubSpot sends no `Retry-After`. Every answer says how many calls the window holds (`Max` minus
 * `Remaining`) and how long it is (`Interval-Milliseconds`). When the remainder reaches the
 * reserve, the gate closes until enough calls of the window have aged out: those are the oldest
 * of our newest `Max - Remaining` calls. We time our calls by their answers, which arrive after
 * HubSpot counted them, so the estimate errs on the late side. Calls of other integrations in the
 * window, or our own still in flight, are not in our list: then the estimate can be early, and
 * the 429 that follows makes every call wait a whole interval.
 */
export class HubSpotRateLimit {
  /** When the answers to our counted calls arrived, oldest first (the newest thousand). */
  private counted: number[] = [];

  constructor(
    private readonly reserve: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The `onResponse` hook: holds the gate before the window runs out, and fails fast on the daily limit. */
  observe(response: HttpResponse, gate: ThrottleGate): void {
    if (response.status === 429 && policyOf(response) === 'DAILY') {
      // The daily quota resets at midnight in the portal's time zone: waiting inside a request is pointless.
      throw new ConnectorError('UPSTREAM_RATE_LIMITED', 'crm', 'HubSpot daily API limit reached', {
        statusCode: 429, retryable: false, vendorCode: 'DAILY', upstreamBody: response.text(), headers: response.headers,
      });
    }
    const max = numberHeader(response, 'x-hubspot-ratelimit-max');
    const remaining = numberHeader(response, 'x-hubspot-ratelimit-remaining');
    const interval = numberHeader(response, 'x-hubspot-ratelimit-interval-milliseconds');
    // Search answers carry no headers: they are paced separately (see SearchPacer).
    if (max === undefined || remaining === undefined || interval === undefined) return;
    const now = this.clock();
    if (response.status === 429) return;
    this.counted.push(now);
    if (this.counted.length > 1000) this.counted.shift();
    if (remaining > this.reserve) return;
    // The window holds `max - remaining` calls; `reserve - remaining + 1` of them must age out.
    const index = this.counted.length - (max - remaining) + (this.reserve - remaining);
    const freeAt = index >= 0 && index < this.counted.length ? this.counted[index]! + interval : now + interval;
    gate.hold(freeAt - now + 1);
  }

  /** The `throttleDelay` hook: how long every call waits after a 429. */
  delayAfter429(response: HttpResponse): number {
    if (policyOf(response) === 'SECONDLY') return 1000;
    return numberHeader(response, 'x-hubspot-ratelimit-interval-milliseconds') ?? DEFAULT_INTERVAL_MS;
  }
}

/**
 * Client-side pacing for CRM search (HubSpot: five calls per second per account, and no
 * rate-limit headers to read): at most `perSecond` searches in any one-second window. A call
 * holds its slot until its answer arrives and for a second after, because HubSpot counted it
 * somewhere in between: timing slots from the send would let network jitter squeeze two calls
 * into one of HubSpot's seconds.
 */
export class SearchPacer {
  /** When each slot frees: answered calls at answer + 1 s, calls in flight at Infinity (not yet known). */
  private slots: number[] = [];
  private waiting: (() => void)[] = [];

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number = Date.now,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      // In-flight slots are interchangeable: any one of them becomes this call's.
      this.slots[this.slots.indexOf(Infinity)] = this.clock() + 1000;
      for (const wake of this.waiting.splice(0)) wake();
    }
  }

  private async acquire(): Promise<void> {
    for (;;) {
      const now = this.clock();
      this.slots = this.slots.filter((end) => end > now);
      if (this.slots.length < this.perSecond) {
        this.slots.push(Infinity);
        return;
      }
      // Wake when the earliest slot frees, or when a call in flight is answered (its slot gets a time).
      const nextFree = Math.min(...this.slots);
      await new Promise<void>((resolve) => {
        const timer = Number.isFinite(nextFree) ? setTimeout(resolve, nextFree - now + 1) : undefined;
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
