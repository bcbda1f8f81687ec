/** A point in time: a Date, epoch milliseconds, or an ISO 8601 string. Answers always use ISO strings. */
export type Instant = Date | number | string;

export interface SetHeldOptions {
  /** When the legacy system observed this count; a report older than the one on record is ignored. */
  asOf: Instant;
  /** Which system reported it (`erp`, `3pl-us`, …), kept for diagnosis. */
  source: string;
  /** Whether reservations without a location may take stock here. @default true */
  sellable?: boolean;
}

export interface SetHeldResult {
  /** False when a fresher report was already on record (this one is stale and was ignored). */
  applied: boolean;
  /** The `asOf` of the report now in force. */
  asOf: string;
}

export interface ReserveRequest {
  sku: string;
  /** A pickup store: take stock only there. Absent: any sellable location, split if need be. */
  locationId?: string;
  quantity: number;
  /** Idempotency key: the same id again changes this reservation instead of adding one. */
  reservationId: string;
  cartId: string;
  expiresAt: Instant;
}

export interface Allocation {
  locationId: string;
  quantity: number;
}

export type ReservationState = 'active' | 'released' | 'expired' | 'committed';

export interface Reservation {
  reservationId: string;
  sku: string;
  cartId: string;
  quantity: number;
  /** The pickup location asked for, or null for any sellable location. */
  locationId: string | null;
  /** Where the units are held, largest first. */
  allocations: Allocation[];
  state: ReservationState;
  expiresAt: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export type ReserveResult =
  | { ok: true; reservation: Reservation }
  /** Nothing changed; `available` is the most this reservation could hold right now. */
  | { ok: false; code: 'LEDGER_INSUFFICIENT_STOCK'; sku: string; requested: number; available: number };

export interface ReleaseResult {
  /** True only for the call that returned the stock. */
  released: boolean;
  /** The reservation's state after the call; `missing` when the id is unknown (or long forgotten). */
  state: ReservationState | 'missing';
  reservation: Reservation | null;
}

export interface CommitResult {
  /** True when an earlier call had already committed it (this one changed nothing). */
  alreadyCommitted: boolean;
  reservation: Reservation;
}

export interface LocationStock {
  locationId: string;
  /** What the location holds: the legacy system's last count, less allocations committed since. */
  held: number;
  reserved: number;
  /** held − reserved, never below zero. */
  available: number;
  sellable: boolean;
  asOf: string | null;
  source: string | null;
}

export interface SkuAvailability {
  sku: string;
  held: number;
  reserved: number;
  /** Sum of `available` over sellable locations: what can be sold for delivery. */
  available: number;
  /** Ordered by location id. */
  locations: LocationStock[];
}

export interface ExpiredReservation {
  sku: string;
  reservationId: string;
}

export interface SweepReport {
  /** Reservations this pass found expired and returned to stock (no other sweeper returned them). */
  expired: ExpiredReservation[];
  /** SKUs whose reservations were examined. */
  skus: number;
}
