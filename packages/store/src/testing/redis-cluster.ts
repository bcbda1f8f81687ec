import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { redisAnswers } from '../create-store.ts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A throwaway Redis Cluster of masters on loopback, for tests. */
export interface RedisClusterHandle {
  /** `127.0.0.1:port` of every master, as `RedisStore({ clusterNodes })` takes them. */
  nodes: string[];
  dir: string;
  stop(): Promise<void>;
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Why a cluster cannot be started here (the missing programs), or null when it can. */
export function missingRedisTools(): string | null {
  const missing = ['redis-server', 'redis-cli'].filter((c) => !onPath(c));
  return missing.length ? `${missing.join(' and ')} not found on PATH (Debian: apt-get install redis-server redis-tools)` : null;
}

/** Distinct free loopback ports: all held open until every one is chosen, so none repeats. */
async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
}

async function until(what: string, deadline: number, check: () => Promise<boolean>): Promise<void> {
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`redis cluster: timed out waiting until ${what}`);
    await sleep(100);
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startOnce(masters: number, timeoutMs: number): Promise<RedisClusterHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'ucg-redis-cluster-'));
  const ports = await freePorts(masters * 2);
  const children: ChildProcess[] = [];
  // Children die with this process even when a test run is interrupted before stop().
  const killAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
  process.once('exit', killAll);
  const stop = async () => {
    process.off('exit', killAll);
    await Promise.all(children.map(stopProcess));
    await rm(dir, { recursive: true, force: true });
  };
  const nodes = ports.slice(0, masters).map((p) => `127.0.0.1:${p}`);
  try {
    for (let i = 0; i < masters; i++) {
      const [port, busPort] = [ports[i]!, ports[masters + i]!];
      // The bus port is given explicitly: the default (port + 10000) may not exist for a high free port.
      const args = ['--port', port, '--cluster-port', busPort, '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`];
      args.push('--cluster-node-timeout', 5_000, '--dir', dir, '--logfile', join(dir, `redis-${port}.log`), '--save', '', '--appendonly', 'no', '--daemonize', 'no');
      children.push(spawn('redis-server', args.map(String), { stdio: 'ignore' }));
    }
    const deadline = Date.now() + timeoutMs;
    for (const [i, child] of children.entries()) {
      await until(`node ${nodes[i]} answers`, deadline, async () => {
        if (child.exitCode !== null) throw new Error(`redis-server on ${nodes[i]} exited with ${child.exitCode}`);
        return redisAnswers('127.0.0.1', ports[i]!, 300);
      });
    }
    await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], { timeout: timeoutMs });
    for (const port of ports.slice(0, masters)) {
      await until(`node ${port} reports cluster_state:ok`, deadline, async () => {
        const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'cluster', 'info'], { timeout: 5_000 });
        return /cluster_state:ok/.test(stdout);
      });
    }
    return { nodes, dir, stop };
  } catch (error) {
    const logs = ports.slice(0, masters).map((p) => {
      try {
        return readFileSync(join(dir, `redis-${p}.log`), 'utf8').split('\n').slice(-5).join('\n');
      } catch {
        return '';
      }
    });
    await stop();
    throw new Error(`redis cluster did not start: ${error instanceof Error ? error.message : String(error)}\n${logs.join('\n')}`, { cause: error });
  }
}

/**
 * Starts a Redis Cluster of `masters` masters (no replicas) as child processes on free loopback
 * ports, in a temporary directory, and waits until every node reports `cluster_state:ok`. Retries
 * when a chosen port was taken meanwhile. Call `stop()` to end the processes and remove the directory.
 */
export async function startRedisCluster(options: { masters?: number; timeoutMs?: number } = {}): Promise<RedisClusterHandle> {
  const { masters = 3, timeoutMs = 30_000 } = options;
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(masters, timeoutMs);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
