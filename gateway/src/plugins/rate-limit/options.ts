import type { ClientKind } from '../../context.ts';

export interface BucketLimit {
  /** Requests a caller may make at once (the bucket's size). */
  burst: number;
  /** Requests per second the bucket refills by. */
  perSecond: number;
}

export interface RateLimitOptions {
  /**
   * Per caller, by kind. Anonymous callers are counted by address; the others by customer,
   * partner company or staff subject.
   * @default { anonymous: { burst: 120, perSecond: 20 }, customer: { burst: 240, perSecond: 40 }, partner: { burst: 300, perSecond: 50 }, staff: { burst: 600, perSecond: 100 } }
   */
  limits: Record<ClientKind, BucketLimit>;
}
