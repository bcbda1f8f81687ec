import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { serviceDefaults, type ServiceName } from '@ucg/service-kit';
import { embeddedProcesses, processes, repoRoot, type ProcessSpec } from './services.ts';

export interface LaunchOptions {
  /** Ports per service; `'auto'` picks free ones (tests), default uses the documented ports. */
  ports?: Partial<Record<ServiceName, number>> | 'auto';
  /** Extra environment for every process. */
  env?: Record<string, string>;
  /** Start only these (plus nothing else). */
  only?: ServiceName[];
  /** Run the subgraphs and the worker in one process sharing an in-process store (no Redis). */
  embedded?: boolean;
  /** Receives each process's output lines. Silent when omitted. */
  onLine?: (process: string, line: string) => void;
  /** @default 120000 (the catalogue loads its index before it answers /health) */
  readyTimeoutMs?: number;
}

export interface RunningStack {
  /** Base URL per service (`http://127.0.0.1:port`). */
  urls: Record<ServiceName, string>;
  /** The environment every process was given (ports and URLs included). */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number, tail: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} before it was ready:\n${tail()}`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready after ${timeoutMs} ms:\n${tail()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the stack as separate processes (each hop is real HTTP between real processes), tier by
 * tier, and resolves once every `/health` answers. Used by `npm start` and the end-to-end tests.
 */
export async function launchStack(options: LaunchOptions = {}): Promise<RunningStack> {
  const selected = (options.embedded ? embeddedProcesses : processes).filter((p) => !options.only || (p.serves ?? [p.name as ServiceName]).some((s) => options.only!.includes(s)));
  const ports = {} as Record<ServiceName, number>;
  for (const name of Object.keys(serviceDefaults) as ServiceName[]) {
    ports[name] = options.ports === 'auto' ? await freePort() : options.ports?.[name] ?? serviceDefaults[name].port;
  }
  const env: Record<string, string> = { ...options.env };
  const urls = {} as Record<ServiceName, string>;
  for (const [name, spec] of Object.entries(serviceDefaults) as [ServiceName, (typeof serviceDefaults)[ServiceName]][]) {
    urls[name] = `http://127.0.0.1:${ports[name]}`;
    env[spec.portEnv] = String(ports[name]);
    env[spec.urlEnv] = `${urls[name]}${spec.path}`;
  }

  const running: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(running.map(stopChild));
  };

  const start = async (spec: ProcessSpec) => {
    const lines: string[] = [];
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, spec.entry)], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.push(child);
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        lines.push(line);
        if (lines.length > 40) lines.shift();
        options.onLine?.(spec.name, line);
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    try {
      await Promise.all((spec.serves ?? [spec.name as ServiceName]).map((s) => waitReady(urls[s], child, options.readyTimeoutMs ?? 120_000, () => lines.join('\n'))));
    } catch (error) {
      throw new Error(`${spec.description} (${spec.name}) ${(error as Error).message}`);
    }
  };

  try {
    for (const tier of ['legacy', 'subgraph', 'gateway'] as const) {
      await Promise.all(selected.filter((p) => p.tier === tier).map(start));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, env, stop };
}
