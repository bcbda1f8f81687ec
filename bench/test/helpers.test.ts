import { describe, expect, it } from 'vitest';
import { judgeTargets } from '../src/checks.ts';
import { describeTimeSplit, parseLatencyTotals } from '../src/gateway-metrics.ts';
import { markdown, type Results, type Row } from '../src/report.ts';
import { percentile, zipfSampler } from '../src/zipf.ts';

const row = (workload: string, target: string, rps: number, extra: Partial<Row> = {}): Row => ({
  workload, target, label: target, requests: rps * 10, unanswered: 0, littleMeanMs: 100, rps, p50Ms: 10, p95Ms: 50, p99Ms: 80, errors: 0, peakRssMb: 200, legacyCallsPerRequest: 1, cacheHitRatio: null, ...extra,
});

describe('zipf and percentiles', () => {
  it('gives the first rank about 1/H(n) of the draws and never leaves 0..n-1', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const next = zipfSampler(100, 1, random);
    const counts = new Array<number>(100).fill(0);
    for (let i = 0; i < 100_000; i++) counts[next()]!++;
    const harmonic = Array.from({ length: 100 }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b);
    expect(counts[0]! / 100_000).toBeCloseTo(1 / harmonic, 2);
    expect(counts[0]! / counts[9]!).toBeGreaterThan(8);
    expect(counts.reduce((a, b) => a + b)).toBe(100_000);
  });

  it('reads nearest-rank percentiles', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 0.5), percentile(sorted, 0.95), percentile(sorted, 0.99)]).toEqual([50, 95, 99]);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('targets', () => {
  it('says by how much a target is missed, and refuses to judge a workload that fails', () => {
    const rows = [row('ProductDetail', 'ours', 300), row('ProductDetail', 'plain', 100), row('ProductDetail', 'hive', 50), row('PartnerStockFeed', 'ours', 10, { p95Ms: 180, errors: 50 })];
    const checks = judgeTargets(rows, { ms: 400, note: 'moved' }, '304 for If-None-Match "x"');
    const byTarget = Object.fromEntries(checks.map((c) => [c.target, c]));
    expect(byTarget['ProductDetail ≥ 5× plain @apollo/gateway req/s']).toMatchObject({ status: 'MISS', detail: '3.00× (300 vs 100 req/s); short by 40 %' });
    expect(byTarget['ProductDetail ≥ 3× Hive Gateway req/s']).toMatchObject({ status: 'PASS' });
    expect(byTarget['PartnerStockFeed 500 SKUs warm p95 ≤ 100 ms']!.status).toBe('n/a');
    expect(byTarget['stock move at a stand-in shows within 1 s (under load)']!.status).toBe('PASS');
    expect(byTarget['ETag / 304 on a cached public GET']!.status).toBe('PASS');
  });

  it('renders a table row per workload and gateway, flagging error-heavy rows', () => {
    const results: Results = {
      runId: 'r', startedAt: 't0', finishedAt: 't1', machine: { cpus: 2, model: 'cpu', memoryGb: 4, node: 'v20', loadAverage: [1, 2] },
      load: { connections: 8, durationS: 5, warmupS: 1, prewarmS: 2, tool: 'autocannon' }, checks: [], notes: [],
      rows: [row('ProductDetail', 'ours', 300, { cacheHitRatio: 0.9 }), row('ProductDetail', 'plain', 100, { errors: 200, sampleError: 'BOOM: x' })],
    };
    const text = markdown(results);
    expect(text).toContain('| ProductDetail | ours | 300 | 10.0 | 50.0 | 80.0 | 0 | 100 | 200 | 1.00 | 90 % |');
    expect(text).toContain('| ProductDetail | plain | 100 | 10.0 | 50.0 | 80.0 | 200 (20 %) ⚠ |');
    expect(text).toContain('| ProductDetail | 3.00× ⚠ |');
    expect(text).toContain('`BOOM: x`');
  });
});

describe('gateway metrics', () => {
  it('splits request time into subgraph fetches from two scrapes', () => {
    const scrape = (n: number) => `ucg_gateway_request_duration_seconds_sum{operation="A",client="anonymous"} ${n * 0.1}
ucg_gateway_request_duration_seconds_count{operation="A",client="anonymous"} ${n}
ucg_gateway_subgraph_fetch_duration_seconds_sum{subgraph="catalog"} ${n * 0.05}
ucg_gateway_subgraph_fetch_duration_seconds_count{subgraph="catalog"} ${n}`;
    expect(describeTimeSplit(parseLatencyTotals(scrape(10)), parseLatencyTotals(scrape(30)))).toBe('mean 100 ms per request at the gateway; subgraph fetches per request × mean: catalog 1.00×50 ms');
  });
});

describe('README benchmark section', () => {
  it('replaces what stands between the markers with the new table, and leaves a README without markers alone', async () => {
    const { README_BEGIN, README_END, withBenchTable } = await import('../src/readme.ts');
    const before = `# Title\n\n## Benchmark\n${README_BEGIN}\nold table\n${README_END}\n\n## Next\n`;
    expect(withBenchTable(before, '| new | table |\n')).toBe(`# Title\n\n## Benchmark\n${README_BEGIN}\n| new | table |\n${README_END}\n\n## Next\n`);
    expect(withBenchTable('# no markers\n', 'x')).toBe('# no markers\n');
  });
});
