import { setFlagsFromString } from 'node:v8';

/**
 * Bounds how far V8 lets the heap grow past what survived the last full collection. On a host
 * with plenty of memory V8 allows up to 4×: under the bench's load the gateway's heap reached
 * ~430 MB with ~150 MB live, so most of its resident memory was garbage not yet collected. More
 * frequent (concurrent) full collections cost CPU. Measured side by side (ProductDetail and
 * PartnerStockFeed, 12–15 s runs in both orders): V8's own choice peaked at 408–441 MB RSS, 50 % at
 * 255–277, 35 % at 241–271, 20 % at 234–245. ProductDetail req/s varied by up to 2× between runs of
 * the same setting, which hides any cost of 35–50 %; 20 % was lower in both of its paired runs
 * (−17 %). 35 % keeps the margin under the 300 MB target across a whole bench run, where the
 * caches fill (full runs at 50 %: 284 and 296 MB). V8 reads this flag at every collection, so setting it at
 * start-up works; Node refuses it in NODE_OPTIONS. 0 leaves V8's own choice.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
