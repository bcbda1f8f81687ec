import { freePort } from '@ucg/stack';
import { spawnEntry, waitUntil, type ServiceProcess } from './process.ts';

export type TargetKind = 'ours' | 'plain' | 'hive' | 'ceiling';

export interface TargetSpec {
  name: string;
  kind: TargetKind;
  /** Shown in the results. */
  label: string;
  entry: string;
  env: Record<string, string>;
}

/**
 * What can be benchmarked. `ours*` are our gateway with one feature switched off each, to measure
 * what that feature pays; the default run compares `ours` with the other gateways and the ceiling.
 */
export const targetSpecs: Record<string, TargetSpec> = {
  ours: { name: 'ours', kind: 'ours', label: 'ours (UCG gateway)', entry: 'gateway/src/main.ts', env: {} },
  'ours-2w': { name: 'ours-2w', kind: 'ours', label: 'ours, 2 workers', entry: 'gateway/src/main.ts', env: { GATEWAY_WORKERS: '2' } },
  'ours-nocache': { name: 'ours-nocache', kind: 'ours', label: 'ours, no response cache', entry: 'gateway/src/main.ts', env: { RESPONSE_CACHE_ENABLED: 'false' } },
  'ours-nodedupe': { name: 'ours-nodedupe', kind: 'ours', label: 'ours, no in-flight dedupe', entry: 'gateway/src/main.ts', env: { SUBGRAPH_DEDUPE_ENABLED: 'false' } },
  'ours-nowarmup': { name: 'ours-nowarmup', kind: 'ours', label: 'ours, no plan warm-up', entry: 'gateway/src/main.ts', env: { WARMUP_ENABLED: 'false' } },
  'ours-bare': { name: 'ours-bare', kind: 'ours', label: 'ours, none of the speed features', entry: 'gateway/src/main.ts', env: { GATEWAY_WORKERS: '1', RESPONSE_CACHE_ENABLED: 'false', SUBGRAPH_DEDUPE_ENABLED: 'false' } },
  'ours-entity-shared': { name: 'ours-entity-shared', kind: 'ours', label: 'ours, entity cache shared in Redis', entry: 'gateway/src/main.ts', env: { ENTITY_CACHE_SHARED: 'true' } },
  'ours-v8heap': { name: 'ours-v8heap', kind: 'ours', label: 'ours, V8 heap growth', entry: 'gateway/src/main.ts', env: { GATEWAY_HEAP_GROWTH_PERCENT: '0' } },
  plain: { name: 'plain', kind: 'plain', label: 'plain @apollo/gateway', entry: 'bench/src/targets/plain-gateway.ts', env: {} },
  hive: { name: 'hive', kind: 'hive', label: 'Hive Gateway', entry: 'bench/src/targets/hive-gateway.ts', env: {} },
  ceiling: { name: 'ceiling', kind: 'ceiling', label: 'bare Node ceiling', entry: 'bench/src/targets/ceiling.ts', env: {} },
};

export interface RunningTarget {
  spec: TargetSpec;
  base: string;
  pid: number;
  stop(): Promise<void>;
}

const typename = JSON.stringify({ query: '{ __typename }' });

async function answersGraphql(base: string): Promise<boolean> {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' }, body: typename, signal: AbortSignal.timeout(2000) });
  return res.ok;
}

/** Starts a target on a free port and resolves once it can serve (`/ready` for ours: plans warmed). */
export async function startTarget(spec: TargetSpec, env: Record<string, string>, onLine?: (line: string) => void, nodeArgs: string[] = []): Promise<RunningTarget> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const proc: ServiceProcess = spawnEntry(spec.entry, { ...env, ...spec.env, PORT: String(port), GATEWAY_PORT: String(port) }, onLine, nodeArgs);
  const ready =
    spec.kind === 'ours'
      ? async () => (await fetch(`${base}/ready`, { signal: AbortSignal.timeout(2000) })).ok
      : spec.kind === 'ceiling'
        ? async () => (await fetch(`${base}/`, { signal: AbortSignal.timeout(2000) })).ok
        : () => answersGraphql(base);
  try {
    await waitUntil(proc, spec.label, ready);
  } catch (error) {
    await proc.stop();
    throw error;
  }
  return { spec, base, pid: proc.child.pid!, stop: proc.stop };
}
