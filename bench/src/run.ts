import type { Request } from 'autocannon';
import type { Logger } from '@ucg/service-kit';
import type { BenchConfig } from './config.ts';
import type { BenchData } from './data.ts';
import { measureStockFreshness, type Freshness } from './freshness.ts';
import { describeTimeSplit, latencyTotals } from './gateway-metrics.ts';
import { drive } from './load.ts';
import type { Row } from './report.ts';
import { legacyCalls, settle, type BenchStack } from './stack.ts';
import type { RunningTarget } from './targets/index.ts';
import { rssSampler } from './targets/process.ts';
import { getPath, type Workload } from './workloads.ts';

export interface Probe {
  ms: number;
  /** Each step's answer, recorded for the ceiling. */
  answers: { workload: string; body: string }[];
}

/** Runs a workload's sequence once, as the load generator would, answering each step's body and the time taken. */
export async function probe(base: string, sequence: Request[]): Promise<Probe> {
  const context: Record<string, unknown> = {};
  const answers: Probe['answers'] = [];
  const started = performance.now();
  for (const step of sequence) {
    const req = step.setupRequest ? (step.setupRequest({ ...step }, context) ?? step) : step;
    const res = await fetch(`${base}${req.path}`, { method: req.method ?? 'GET', headers: req.headers ?? {}, ...(req.method === 'POST' ? { body: req.body ?? '' } : {}) });
    const body = await res.text();
    step.onResponse?.(res.status, body, context, Object.fromEntries(res.headers));
    answers.push({ workload: req.headers?.['x-bench-workload'] ?? '', body });
  }
  return { ms: performance.now() - started, answers };
}

/** Registers the GET workloads' APQ hashes, as a client does after a miss (plain Apollo keeps them per process; ours in Redis). */
export async function registerApq(target: RunningTarget, data: BenchData, selected: Workload[]): Promise<void> {
  for (const workload of selected) {
    if (!workload.apq) continue;
    const { operation, variables } = workload.apq(data);
    const res = await fetch(`${target.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ query: operation.body, operationName: operation.name, variables, extensions: { persistedQuery: { version: 1, sha256Hash: operation.id } } }),
    });
    await res.text();
  }
}

/** GETs a cached public answer twice, the second time with its ETag: a client that holds it gets `304`. */
export async function checkEtag(target: RunningTarget, data: BenchData): Promise<string> {
  const url = `${target.base}${getPath('ours', data.operations.get('ProductDetail')!, { handle: data.handles[0] })}`;
  const headers = { accept: 'application/json', 'apollo-require-preflight': 'true' };
  const first = await fetch(url, { headers });
  await first.text();
  const etag = first.headers.get('etag');
  if (!etag) return `${first.status}, no ETag (cache-control: ${first.headers.get('cache-control') ?? 'none'}): the answer is not cacheable`;
  const second = await fetch(url, { headers: { ...headers, 'if-none-match': etag } });
  await second.text();
  return `${second.status} for If-None-Match ${etag}`;
}

export interface MeasureOptions {
  bench: BenchStack;
  data: BenchData;
  config: BenchConfig;
  logger: Logger;
}

/** One workload on one target: warm-up, then the measured run with RSS and legacy calls counted. */
export async function measure(workload: Workload, target: RunningTarget, firstRequestMs: number | undefined, options: MeasureOptions): Promise<{ row: Row; freshness?: Freshness }> {
  const { bench, data, config } = options;
  const sequence = workload.sequence(target.spec.kind, data);
  const load = { connections: config.BENCH_CONNECTIONS, durationS: config.BENCH_DURATION_S, bodyErrors: target.spec.kind !== 'ceiling' };
  await settle(bench);
  if (config.BENCH_WARMUP_S > 0) await drive(target.base, sequence, { ...load, durationS: config.BENCH_WARMUP_S });
  const ours = target.spec.kind === 'ours';
  const metricsBefore = ours ? await latencyTotals(target.base) : undefined;
  const callsBefore = await legacyCalls(bench);
  const rss = rssSampler(target.pid);
  const watchStock = workload.name === 'ProductDetail' && target.spec.name === 'ours';
  const freshness = watchStock ? new Promise((r) => setTimeout(r, 1000)).then(() => measureStockFreshness(bench, target.base, data, Math.max(2000, (config.BENCH_DURATION_S - 2) * 1000))) : undefined;
  const result = await drive(target.base, sequence, load);
  const peakRssMb = rss.stop();
  const calls = (await legacyCalls(bench)) - callsBefore;
  const metricsAfter = ours ? await latencyTotals(target.base) : undefined;
  const timeSplit = metricsBefore && metricsAfter ? describeTimeSplit(metricsBefore, metricsAfter) : undefined;
  const counted = Object.values(result.cache).reduce((a, b) => a + b, 0);
  const row: Row = {
    workload: workload.name,
    target: target.spec.name,
    label: target.spec.label,
    requests: result.requests,
    unanswered: result.unanswered,
    littleMeanMs: result.littleMeanMs,
    rps: result.rps,
    p50Ms: result.p50Ms,
    p95Ms: result.p95Ms,
    p99Ms: result.p99Ms,
    errors: result.errors,
    peakRssMb,
    legacyCallsPerRequest: target.spec.kind === 'ceiling' ? null : calls / Math.max(1, result.requests),
    // Only our gateway has a response cache.
    cacheHitRatio: target.spec.kind === 'ours' ? ((result.cache.HIT ?? 0) + (result.cache.STALE ?? 0) + (result.cache.COALESCED ?? 0)) / Math.max(1, counted) : null,
    ...(timeSplit ? { timeSplit } : {}),
    ...(firstRequestMs !== undefined ? { firstRequestMs } : {}),
    ...(result.sampleError ? { sampleError: result.sampleError } : {}),
  };
  options.logger.info({ workload: workload.name, target: target.spec.name, rps: Math.round(row.rps), p95Ms: row.p95Ms, errors: row.errors, rssMb: Math.round(peakRssMb) }, 'measured');
  return { row, ...(freshness ? { freshness: await freshness } : {}) };
}
