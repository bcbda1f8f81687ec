/** How big the app's bucket is and how fast it refills (Shopify's `throttleStatus`). */
export interface BucketSettings {
  /** Points the bucket holds when full. */
  maximumAvailable: number;
  /** Points restored per second. */
  restoreRate: number;
  /** The most one query may request, whatever the bucket holds. */
  maxQueryCost: number;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/**
 * Shopify's leaky bucket for calculated query cost: a query must find its requested cost in the
 * bucket before it runs; afterwards the difference between requested and actual cost is refunded.
 */
export class LeakyBucket {
  private available: number;
  private at: number;

  constructor(readonly settings: BucketSettings, private readonly clock: () => number = Date.now) {
    this.available = settings.maximumAvailable;
    this.at = clock();
  }

  private refill(): void {
    const now = this.clock();
    this.available = Math.min(this.settings.maximumAvailable, this.available + ((now - this.at) / 1000) * this.settings.restoreRate);
    this.at = now;
  }

  /** Takes `cost` points, or returns false (and takes nothing) when the bucket holds fewer. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.settings.maximumAvailable, this.available + Math.max(0, points));
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.settings.maximumAvailable,
      // Shopify reports whole points.
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.settings.restoreRate,
    };
  }

  reset(): void {
    this.available = this.settings.maximumAvailable;
    this.at = this.clock();
  }
}
