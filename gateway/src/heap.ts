import { setFlagsFromString } from 'node:v8';

/**
 * Bounds how far V8 lets the heap grow past what survived the last full collection. On a host
 * with plenty of memory V8 allows up to 4×: under the bench's load the gateway's heap reached
 * ~430 MB with ~150 MB live, so most of its resident memory was garbage not yet collected. More
 * frequent (concurrent) full collections cost CPU: measured side by side on ProductDetail (2 × 15 s
 * runs each), V8's own choice 2,927 req/s at 421–428 MB RSS, 50 % 2,754 req/s (−6 %) at 255–261 MB,
 * 20 % 2,416 req/s (−17 %) at 234–245 MB. V8 reads this flag at every collection, so setting it at
 * start-up works; Node refuses it in NODE_OPTIONS. 0 leaves V8's own choice.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
