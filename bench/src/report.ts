export interface Row {
  workload: string;
  target: string;
  label: string;
  /** Answered requests. */
  requests: number;
  /** Requests that got no answer (connection errors, timeouts); counted in `errors` too. */
  unanswered: number;
  /** Connections ÷ req/s: the mean time a request really took, including those that outlasted the run. */
  littleMeanMs: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  peakRssMb: number;
  /** Legacy stand-in calls during the run per answered request; null for the ceiling. */
  legacyCallsPerRequest: number | null;
  /** Share of answers served by the response cache (fresh, stale-while-revalidate or coalesced); null where there is none. */
  cacheHitRatio: number | null;
  /** Our gateway only: its mean request time and the subgraph fetches behind it (from /metrics). */
  timeSplit?: string;
  /** Latency of the first request of this workload on this gateway (JSON only: it mixes planning with how warm the subgraphs were). */
  firstRequestMs?: number;
  sampleError?: string;
}

export interface Check {
  target: string;
  status: 'PASS' | 'MISS' | 'n/a';
  detail: string;
}

export interface Results {
  runId: string;
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; model: string; memoryGb: number; node: string; /** 1-minute load average at start and end: other work on the machine skews every number. */ loadAverage: [number, number] };
  load: { connections: number; durationS: number; warmupS: number; prewarmS: number; tool: string };
  rows: Row[];
  checks: Check[];
  notes: string[];
}

const num = (n: number | null | undefined, digits = 0) => (n === null || n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits));
const pct = (n: number | null) => (n === null ? '–' : `${(n * 100).toFixed(0)} %`);
/** More than 1 % errors: the numbers say how fast it fails, not how fast it serves. */
export const errorRate = (row: Row) => row.errors / Math.max(1, row.requests + row.unanswered);
export const failing = (row: Row) => row.requests === 0 || errorRate(row) > 0.01;

export function find(rows: Row[], workload: string, target: string): Row | undefined {
  return rows.find((r) => r.workload === workload && r.target === target);
}

function ratio(a: Row | undefined, b: Row | undefined): string {
  if (!a || !b || !b.rps) return '–';
  const flag = failing(a) || failing(b) ? ' ⚠' : '';
  return `${(a.rps / b.rps).toFixed(2)}×${flag}`;
}

export function markdown(results: Results): string {
  const { machine, load } = results;
  const out: string[] = [];
  out.push(`### Benchmark ${results.startedAt}`);
  out.push('');
  out.push(`Machine: ${machine.cpus} × ${machine.model}, ${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverage[0].toFixed(1)} at start, ${machine.loadAverage[1].toFixed(1)} at end. Load: ${load.tool}, ${load.connections} connections; per workload ${load.prewarmS} s unmeasured pre-warm, then per gateway ${load.warmupS} s warm-up and ${load.durationS} s measured; whole stack (legacy stand-ins with realistic latency, subgraphs, Redis) on the same machine.`);
  out.push('');
  out.push('| workload | gateway | req/s | p50 ms | p95 ms | p99 ms | errors | mean ms (Little) | peak RSS MB | legacy calls/req | cache hits |');
  out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results.rows) {
    const errors = r.errors ? `${r.errors} (${pct(errorRate(r))})` : '0';
    out.push(`| ${r.workload} | ${r.label} | ${num(r.rps)} | ${num(r.p50Ms, 1)} | ${num(r.p95Ms, 1)} | ${num(r.p99Ms, 1)} | ${errors}${failing(r) ? ' ⚠' : ''} | ${num(r.littleMeanMs)} | ${num(r.peakRssMb)} | ${num(r.legacyCallsPerRequest, 2)} | ${pct(r.cacheHitRatio)} |`);
  }
  out.push('');
  out.push('| workload | ours/plain req/s | ours/Hive req/s | ours/ceiling req/s | p95 ours · plain · Hive (ms) |');
  out.push('| --- | ---: | ---: | ---: | --- |');
  for (const workload of [...new Set(results.rows.map((r) => r.workload))]) {
    const ours = find(results.rows, workload, 'ours');
    const plain = find(results.rows, workload, 'plain');
    const hive = find(results.rows, workload, 'hive');
    out.push(`| ${workload} | ${ratio(ours, plain)} | ${ratio(ours, hive)} | ${ratio(ours, find(results.rows, workload, 'ceiling'))} | ${num(ours?.p95Ms, 1)} · ${num(plain?.p95Ms, 1)} · ${num(hive?.p95Ms, 1)} |`);
  }
  out.push('');
  out.push('⚠ = more than 1 % of answers were errors: that row measures how fast the failure is answered, not the operation. “mean ms (Little)” = connections ÷ req/s, the mean time a request really took: far above p95, it says some requests outlasted the measured time and are missing from the percentiles (which are then flattering).');
  out.push('');
  out.push('| target | result | detail |');
  out.push('| --- | --- | --- |');
  for (const c of results.checks) out.push(`| ${c.target} | ${c.status} | ${c.detail} |`);
  out.push('');
  const splitRows = results.rows.filter((r) => r.timeSplit);
  if (splitRows.length) {
    out.push('Where our gateway\'s time went (its /metrics, all workers):');
    out.push('');
    for (const r of splitRows) out.push(`- ${r.workload} / ${r.label}: ${r.timeSplit}`);
    out.push('');
  }
  const errorRows = results.rows.filter((r) => r.sampleError);
  if (errorRows.length) {
    out.push('First error per failing row:');
    out.push('');
    for (const r of errorRows) out.push(`- ${r.workload} / ${r.label}: \`${r.sampleError!.replace(/`/g, "'").replace(/\s+/g, ' ')}\``);
    out.push('');
  }
  if (results.notes.length) {
    for (const note of results.notes) out.push(`- ${note}`);
    out.push('');
  }
  return out.join('\n');
}
