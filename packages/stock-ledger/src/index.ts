export { StockLedger, type StockLedgerOptions } from './ledger.ts';
export { STOCK_CHANGED_CHANNEL, StockChangePublisher, subscribeStockChanges } from './changes.ts';
export { Sweeper, type SweeperOptions } from './sweeper.ts';
export { LedgerError, type LedgerErrorCode } from './errors.ts';
export { LedgerKeys, type SkuKeys } from './keys.ts';
export type {
  Allocation,
  CommitResult,
  ExpiredReservation,
  Instant,
  LocationStock,
  ReleaseResult,
  Reservation,
  ReservationState,
  ReserveRequest,
  ReserveResult,
  SetHeldOptions,
  SetHeldResult,
  SkuAvailability,
  SweepReport,
} from './types.ts';
