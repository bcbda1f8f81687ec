/** Sums and counts of our gateway's latency histograms, from its Prometheus text (all workers together). */
export interface LatencyTotals {
  requests: { sum: number; count: number };
  subgraphs: Record<string, { sum: number; count: number }>;
}

const line = /^(ucg_gateway_request_duration_seconds|ucg_gateway_subgraph_fetch_duration_seconds)_(sum|count)\{([^}]*)\} ([0-9.e+-]+)$/;

export function parseLatencyTotals(text: string): LatencyTotals {
  const totals: LatencyTotals = { requests: { sum: 0, count: 0 }, subgraphs: {} };
  for (const row of text.split('\n')) {
    const m = line.exec(row);
    if (!m) continue;
    const [, metric, kind, labels, value] = m;
    const slot = metric === 'ucg_gateway_request_duration_seconds' ? totals.requests : (totals.subgraphs[/subgraph="([^"]+)"/.exec(labels!)?.[1] ?? '?'] ??= { sum: 0, count: 0 });
    slot[kind as 'sum' | 'count'] += Number(value);
  }
  return totals;
}

export async function latencyTotals(base: string): Promise<LatencyTotals | undefined> {
  try {
    const res = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5000) });
    return res.ok ? parseLatencyTotals(await res.text()) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where a request's time went between two scrapes: the gateway's mean request time, and per
 * subgraph the fetches per request and their mean time (fetches of one request may overlap).
 */
export function describeTimeSplit(before: LatencyTotals, after: LatencyTotals): string | undefined {
  const count = after.requests.count - before.requests.count;
  if (count <= 0) return undefined;
  const mean = ((after.requests.sum - before.requests.sum) / count) * 1000;
  const parts = Object.entries(after.subgraphs).flatMap(([name, a]) => {
    const b = before.subgraphs[name] ?? { sum: 0, count: 0 };
    const fetches = a.count - b.count;
    return fetches > 0 ? [`${name} ${(fetches / count).toFixed(2)}×${(((a.sum - b.sum) / fetches) * 1000).toFixed(0)} ms`] : [];
  });
  return `mean ${mean.toFixed(0)} ms per request at the gateway; subgraph fetches per request × mean: ${parts.join(', ') || 'none'}`;
}
