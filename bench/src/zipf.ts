/**
 * Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s: a few items get most of the
 * traffic, as product pages do. `random` is injectable so tests are deterministic.
 */
export function zipfSampler(n: number, s = 1, random: () => number = Math.random): () => number {
  if (n < 1) throw new Error('zipf: n must be at least 1');
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cdf[i] = total += 1 / (i + 1) ** s;
  for (let i = 0; i < n; i++) cdf[i]! /= total;
  return () => {
    const u = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** The value at quantile q (0..1) of ascending-sorted samples, nearest rank. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}
