import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { relaxEnforcedFeatures } from '@ucg/gateway';
import type { ServiceName } from '@ucg/service-kit';
import { launchStack, processes, repoRoot, type RunningStack } from '@ucg/stack';

export interface BenchStack {
  stack: RunningStack;
  /** The supergraph every gateway runs, with the subgraph URLs of this stack. */
  supergraphPath: string;
  legacy: ServiceName[];
  /** Environment for our gateway (the stack's URLs, Redis and key prefix). */
  env: Record<string, string>;
}

/**
 * Legacy stand-ins (realistic latency) and subgraphs on free ports, with Redis under a key prefix
 * of this run; no gateway (the bench starts its own). Also writes the supergraph with this stack's
 * subgraph URLs, for gateways that take their URLs from the supergraph.
 */
export async function startBenchStack(runId: string, onLine?: (process: string, line: string) => void): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), 'ucg-bench-'));
  const only = processes.filter((p) => p.tier !== 'gateway').map((p) => p.name as ServiceName);
  const env = {
    // Realistic per-product latency: never off in the benchmark.
    UCG_LEGACY_LATENCY: 'on',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `ucg-bench-${runId}:`,
    EDI_EXCHANGE_DIR: join(dir, 'edi'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  // Subgraphs that index a legacy catalogue at start need long with realistic latency on a busy machine.
  const stack = await launchStack({ ports: 'auto', only, env, readyTimeoutMs: 240_000, ...(onLine ? { onLine } : {}) });
  const source = relaxEnforcedFeatures(readFileSync(join(repoRoot, 'schema', 'supergraph.graphql'), 'utf8'));
  const supergraph = source.replace(/@join__graph\(name: "([\w-]+)", url: "[^"]*"\)/g, (whole, name: string) => {
    const url = stack.urls[name as ServiceName];
    return url ? `@join__graph(name: "${name}", url: "${url}/graphql")` : whole;
  });
  const supergraphPath = join(dir, 'supergraph.graphql');
  writeFileSync(supergraphPath, supergraph);
  const legacy = processes.filter((p) => p.tier === 'legacy').map((p) => p.name as ServiceName);
  return { stack, supergraphPath, legacy, env: { ...stack.env, SUPERGRAPH_PATH: supergraphPath, SUPERGRAPH_WATCH: 'false', BENCH_SUPERGRAPH_PATH: supergraphPath } };
}

/** Calls served by every legacy stand-in so far (`/__sandbox/calls`). */
export async function legacyCalls(bench: BenchStack): Promise<number> {
  const totals = await Promise.all(
    bench.legacy.map(async (name) => {
      const res = await fetch(`${bench.stack.urls[name]}/__sandbox/calls`);
      return ((await res.json()) as { total: number }).total;
    }),
  );
  return totals.reduce((a, b) => a + b, 0);
}

/**
 * Waits until the stand-ins stop receiving calls (requests a stopped load left in flight still run
 * through gateway and subgraphs), so that no gateway is measured in another one's backlog.
 */
export async function settle(bench: BenchStack, maxMs = 10_000): Promise<number> {
  const started = Date.now();
  let last = await legacyCalls(bench);
  while (Date.now() - started < maxMs) {
    await new Promise((r) => setTimeout(r, 750));
    const now = await legacyCalls(bench);
    if (now === last) break;
    last = now;
  }
  return Date.now() - started;
}
