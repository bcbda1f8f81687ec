#!/usr/bin/env node
// `npm test`: type-check the whole repository once, run every package's tests through Turborepo
// (unit and contract tests first, the end-to-end suites last), then print one pass/fail summary.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', NODE_ENV: 'test', ...(process.env.FORCE_COLOR ? {} : { NO_COLOR: '1' }) };
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;

const started = Date.now();
console.log('▶ type-check (tsc, strict)');
const typecheck = run('npx', ['tsc', '-p', 'tsconfig.json']);

rmSync(join(root, '.turbo', 'runs'), { recursive: true, force: true });
console.log('▶ tests (turbo run test)');
// Two packages at a time on a 2-core machine: more only makes timing-sensitive suites (stock
// freshness within a second, 500 concurrent reservations) compete for the same cores.
const concurrency = process.env.UCG_TEST_CONCURRENCY ?? '2';
const tests = run('npx', ['turbo', 'run', 'test', '--continue', '--summarize', '--log-order=grouped', `--concurrency=${concurrency}`, ...process.argv.slice(2)]);

let rows = [];
try {
  const dir = join(root, '.turbo', 'runs');
  const file = readdirSync(dir).filter((f) => f.endsWith('.json')).sort().at(-1);
  const summary = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  rows = summary.tasks.map((t) => ({ task: t.taskId, exit: t.execution?.exitCode ?? null }));
} catch {
  // no summary: turbo itself failed before running tasks
}

const failed = rows.filter((r) => r.exit !== 0);
const line = '─'.repeat(72);
console.log(`\n${line}\nTest summary (${((Date.now() - started) / 1000).toFixed(0)} s)`);
console.log(`  ${typecheck === 0 ? 'PASS' : 'FAIL'}  type-check`);
for (const r of rows.sort((a, b) => a.task.localeCompare(b.task))) console.log(`  ${r.exit === 0 ? 'PASS' : r.exit === null ? 'SKIP' : 'FAIL'}  ${r.task}`);
const ok = typecheck === 0 && tests === 0 && failed.length === 0 && rows.length > 0;
console.log(`${line}\n${ok ? `ALL PASSED: type-check and ${rows.length} test tasks` : `FAILED: ${[typecheck !== 0 && 'type-check', ...failed.map((r) => r.task)].filter(Boolean).join(', ') || 'turbo run test'}`}\n${line}`);
process.exit(ok ? 0 : 1);
