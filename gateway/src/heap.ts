import { setFlagsFromString } from 'node:v8';

/**
 * Bounds how far V8 lets the heap grow past what survived the last full collection. On a host
 * with plenty of memory V8 allows up to 4×: under the bench's load the gateway's heap reached
 * ~430 MB with ~150 MB live, so most of its resident memory was garbage not yet collected. At 20 %
 * the same runs peaked at ~230–250 MB of RSS instead of 430–530, for more frequent (concurrent)
 * full collections. V8 reads this flag at every collection, so setting it at start-up works; Node
 * refuses it in NODE_OPTIONS. 0 leaves V8's own choice.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
