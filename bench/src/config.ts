import { fileURLToPath } from 'node:url';
import { parseConfig } from '@ucg/service-kit';
import { z } from 'zod';
import { targetSpecs } from './targets/index.ts';
import { workloads } from './workloads.ts';

const names = (all: string[], fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(all as [string, ...string[]])).min(1));
const bool = z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1');

const schema = z.object({
  /** Gateways to compare, in run order (ours first: it meets the subgraphs' caches cold). */
  BENCH_TARGETS: names(Object.keys(targetSpecs), 'ours,plain,hive,ceiling'),
  BENCH_WORKLOADS: names(workloads.map((w) => w.name), workloads.map((w) => w.name).join(',')),
  BENCH_DURATION_S: z.coerce.number().int().min(1).default(8),
  BENCH_WARMUP_S: z.coerce.number().int().min(0).default(3),
  /** Per workload, before any gateway is measured: load through the first gateway, unmeasured, so that no gateway meets the subgraphs' caches cold. */
  BENCH_PREWARM_S: z.coerce.number().int().min(0).default(8),
  BENCH_CONNECTIONS: z.coerce.number().int().min(1).default(32),
  /** Distinct product handles ProductDetail draws from (Zipf, s = 1). */
  BENCH_HANDLES: z.coerce.number().int().min(1).default(1000),
  /** Print every process's output. */
  BENCH_VERBOSE: bool,
  /** Write a CPU profile (`node --cpu-prof`) of each of our gateway processes into results/profiles. */
  BENCH_CPU_PROF: bool,
  BENCH_RESULTS_DIR: z.string().default(fileURLToPath(new URL('../results', import.meta.url))),
});

export type BenchConfig = z.output<typeof schema>;

export function loadBenchConfig(env: NodeJS.ProcessEnv = process.env): Readonly<BenchConfig> {
  return parseConfig('bench', schema, env);
}
