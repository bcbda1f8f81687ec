export type {
  AtomicScript,
  ClaimedStreamEntry,
  MemoryDb,
  ScoredMember,
  SetOptions,
  Store,
  StoreEntry,
  StreamEntry,
  StreamPendingSummary,
  XAddOptions,
  XRangeOptions,
  XReadGroupOptions,
} from './store.ts';
export { MemoryStore, MemoryDatabase } from './memory-store.ts';
export { RedisStore, type RedisStoreOptions } from './redis-store.ts';
export { createStore, storeConfigFromEnv, redisAnswers, type StoreConfig } from './create-store.ts';
export { StoreError, type StoreErrorCode } from './errors.ts';
export { keySlot } from './slots.ts';
