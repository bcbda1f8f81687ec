import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeFixture, contextSecret, startFixtureSubgraphs } from './harness.ts';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** One request on a connection of its own, so that the cluster may hand it to any worker. */
const once = (port: number, path: string, body?: string) =>
  new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', agent: false, headers: body ? { 'content-type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });

const workerPids = (primary: number) => readFileSync(`/proc/${primary}/task/${primary}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

describe('GATEWAY_WORKERS: one port, several processes', () => {
  let subgraphs: Awaited<ReturnType<typeof startFixtureSubgraphs>>;
  let child: ChildProcess;
  let port: number;

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    const dir = mkdtempSync(join(tmpdir(), 'ucg-gw-cluster-'));
    const supergraphPath = join(dir, 'supergraph.graphql');
    writeFileSync(supergraphPath, composeFixture({ catalog: subgraphs.catalog.url, customers: subgraphs.customers.url }));
    port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, GATEWAY_WORKERS: '2', GATEWAY_PORT: String(port), SUPERGRAPH_PATH: supergraphPath, SUPERGRAPH_WATCH: 'false', MANIFEST_DIR: join(dir, 'none'), CATALOG_URL: subgraphs.catalog.url, CUSTOMERS_URL: subgraphs.customers.url, CONTEXT_SECRET: contextSecret, RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'silent', REDIS_URL: '' },
      stdio: 'ignore',
    });
    // Ready when both workers answer.
    for (let ok = 0, i = 0; ok < 4 && i < 1000; i++) {
      const ready = await once(port, '/ready').catch(() => ({ status: 0 }));
      ok = ready.status === 200 ? ok + 1 : 0;
      if (ok < 4) await new Promise((r) => setTimeout(r, 100));
    }
  }, 150_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await subgraphs?.stop();
  });

  it('serves from two workers, counts all their requests in /metrics, and replaces a worker that dies', async () => {
    expect(workerPids(child.pid!)).toHaveLength(2);
    for (let i = 0; i < 6; i++) expect((await once(port, '/graphql', JSON.stringify({ query: 'query Six { products(first: 1) { id } }' }))).status).toBe(200);
    const metrics = (await once(port, '/metrics')).text;
    expect(metrics).toMatch(/ucg_gateway_requests_total\{operation="Six",client="anonymous",status="200"\} 6/);

    const [victim] = workerPids(child.pid!);
    process.kill(victim!, 'SIGKILL');
    let replaced: number[] = [];
    for (let i = 0; i < 150 && !(replaced.length === 2 && !replaced.includes(victim!)); i++) {
      await new Promise((r) => setTimeout(r, 100));
      replaced = workerPids(child.pid!);
    }
    expect(replaced).toHaveLength(2);
    expect(replaced).not.toContain(victim);
  }, 60_000);
});
