export { ReadThroughCache, type CacheOptions, type CacheEvent, type Cached } from './read-through-cache.ts';
export { KeyBatcher } from './batcher.ts';
export { PersonCache, EmailBook, type PersonCacheOptions } from './person-cache.ts';
