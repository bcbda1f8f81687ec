import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '@ucg/stack';
import { createLogger } from '@ucg/service-kit';
import { judgeTargets } from './checks.ts';
import { loadBenchConfig } from './config.ts';
import { loadBenchData } from './data.ts';
import type { Freshness } from './freshness.ts';
import { drive } from './load.ts';
import { markdown, type Results, type Row } from './report.ts';
import { checkEtag, measure, probe, registerApq } from './run.ts';
import { updateReadme } from './readme.ts';
import { startBenchStack } from './stack.ts';
import { startTarget, targetSpecs, type RunningTarget } from './targets/index.ts';
import { workloads } from './workloads.ts';

/**
 * `npm run bench`: the whole stack with realistic legacy latency, then every workload against every
 * gateway in turn (same stack, same supergraph), and the results as Markdown and JSON.
 */
const config = loadBenchConfig();
const logger = createLogger('bench', { level: process.env.LOG_LEVEL ?? 'info' });
const started = Date.now();
const startedAt = new Date(started).toISOString();
const runId = `${started.toString(36)}-${process.pid}`;
const verbose = config.BENCH_VERBOSE;
const loadAtStart = loadavg()[0]!;

const data = await loadBenchData({ handles: config.BENCH_HANDLES, customers: 50 });
logger.info({ handles: data.handles.length, cartSkus: data.cartSkus.length, customers: data.customers.length }, 'seed data loaded; starting the stack');
const bench = await startBenchStack(runId, verbose ? (s, l) => process.stderr.write(`[${s}] ${l}\n`) : undefined);
logger.info({ seconds: Math.round((Date.now() - started) / 1000) }, 'stack up (legacy stand-ins with realistic latency, subgraphs)');

const running: RunningTarget[] = [];
const rows: Row[] = [];
let freshness: Freshness | undefined;
let etag: string | undefined;
const profileDir = join(config.BENCH_RESULTS_DIR, 'profiles');
const selected = workloads.filter((w) => config.BENCH_WORKLOADS.includes(w.name));

const stopAll = async () => {
  await Promise.all(running.map((t) => t.stop()));
  await bench.stack.stop();
};
process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

try {
  for (const name of config.BENCH_TARGETS) {
    const spec = targetSpecs[name]!;
    const env: Record<string, string> = { ...bench.env, RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'warn' };
    // Node refuses --cpu-prof in NODE_OPTIONS; as an argument, cluster workers inherit it.
    const profile = config.BENCH_CPU_PROF && spec.kind === 'ours';
    if (profile) mkdirSync(profileDir, { recursive: true });
    const t0 = Date.now();
    running.push(await startTarget(spec, env, verbose ? (l) => process.stderr.write(`[${name}] ${l}\n`) : undefined, profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []));
    logger.info({ target: name, ms: Date.now() - t0 }, 'target ready');
  }
  const reference = running.find((t) => t.spec.kind === 'ours') ?? running.find((t) => t.spec.kind !== 'ceiling');
  for (const target of running.filter((t) => t.spec.kind === 'plain' || t.spec.kind === 'ours')) await registerApq(target, data, selected);

  for (const [index, workload] of selected.entries()) {
    // The first request of each operation on each gateway: with warmed plans or without.
    const first = new Map<string, number>();
    for (const target of running.filter((t) => t.spec.kind !== 'ceiling')) {
      const result = await probe(target.base, workload.sequence(target.spec.kind, data));
      first.set(target.spec.name, result.ms);
      if (target === reference) {
        const ceiling = running.find((t) => t.spec.kind === 'ceiling');
        for (const answer of result.answers) {
          if (ceiling) await fetch(`${ceiling.base}/__record`, { method: 'POST', body: JSON.stringify(answer) });
        }
      }
    }
    if (reference && config.BENCH_PREWARM_S > 0) {
      await drive(reference.base, workload.sequence(reference.spec.kind, data), { connections: config.BENCH_CONNECTIONS, durationS: config.BENCH_PREWARM_S });
    }
    // Each workload starts with another gateway, so that what one run leaves behind (drained legacy
    // rate limits, warm caches) does not always favour or burden the same one. The ceiling runs last.
    const gateways = running.filter((t) => t.spec.kind !== 'ceiling');
    const order = [...gateways.slice(index % gateways.length), ...gateways.slice(0, index % gateways.length), ...running.filter((t) => t.spec.kind === 'ceiling')];
    for (const target of order) {
      const { row, freshness: seen } = await measure(workload, target, first.get(target.spec.name), { bench, data, config, logger });
      rows.push(row);
      if (seen) freshness = seen;
    }
  }
  const ours = running.find((t) => t.spec.name === 'ours');
  if (ours && config.BENCH_WORKLOADS.includes('ProductDetail')) etag = await checkEtag(ours, data);
} finally {
  await stopAll();
}

// One order in the table whatever order the gateways ran in.
const rank = (row: Row) => selected.findIndex((w) => w.name === row.workload) * 100 + config.BENCH_TARGETS.indexOf(row.target);
rows.sort((a, b) => rank(a) - rank(b));
const cpu = cpus();
const results: Results = {
  runId,
  startedAt,
  finishedAt: new Date().toISOString(),
  machine: { cpus: cpu.length, model: cpu[0]?.model.trim() ?? 'unknown', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverage: [loadAtStart, loadavg()[0]!] },
  load: { connections: config.BENCH_CONNECTIONS, durationS: config.BENCH_DURATION_S, warmupS: config.BENCH_WARMUP_S, prewarmS: config.BENCH_PREWARM_S, tool: 'autocannon' },
  rows,
  checks: judgeTargets(rows, freshness, etag),
  notes: [
    `Total run time ${Math.round((Date.now() - started) / 1000)} s. Gateways run one at a time against the same stand-ins, subgraphs and supergraph, each workload starting with the next gateway in turn (the table keeps one order); before the first, ${config.BENCH_PREWARM_S} s of unmeasured load per workload warm the subgraphs' caches, and before each gateway's warm-up the stand-ins must have stopped receiving calls (no gateway is measured in another's backlog). The stand-ins' own rate limits (ShipBob, Shopify) still carry over from one run to the next.`,
    'Plain @apollo/gateway and Hive Gateway cannot read our JWTs, API keys or @inContext: a header hook in each signs the subgraph context per fetch (HMAC, as ours does) from an identity header the load generator sends. Subgraphs trust nothing unsigned.',
    'ProductDetail and ProductSearch are APQ GETs to ours, plain (hash registered before the run) and the ceiling; Hive Gateway has no APQ without a plugin, so it gets the query text in the URL. PartnerStockFeed goes to ours by persisted id with the partner API key, to the others as full text.',
    'Our rate limits are off (the others have none); the response cache serves public answers to anyone and private ones (PartnerStockFeed, per partner) to their verified caller only; legacy calls/req counts every stand-in call during the measured run.',
  ],
};

mkdirSync(config.BENCH_RESULTS_DIR, { recursive: true });
const stamp = startedAt.replace(/[:.]/g, '-');
const table = markdown(results);
writeFileSync(join(config.BENCH_RESULTS_DIR, `${stamp}.json`), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(config.BENCH_RESULTS_DIR, `${stamp}.md`), `${table}\n`);
writeFileSync(join(config.BENCH_RESULTS_DIR, 'latest.md'), `${table}\n`);
writeFileSync(join(config.BENCH_RESULTS_DIR, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
// Only a run of every gateway and workload into the repository's own results speaks for the README.
const complete = ['ours', 'plain', 'hive', 'ceiling'].every((t) => config.BENCH_TARGETS.includes(t)) && workloads.every((w) => config.BENCH_WORKLOADS.includes(w.name));
if (complete && config.BENCH_RESULTS_DIR === fileURLToPath(new URL('../results', import.meta.url))) updateReadme(join(repoRoot, 'README.md'), table);
process.stdout.write(`\n${table}\n`);
logger.info({ dir: config.BENCH_RESULTS_DIR, seconds: Math.round((Date.now() - started) / 1000) }, 'results written');
process.exit(0);
