/**
 * MyAccount through the real gateway, with the stand-ins' realistic latency: the demo customer's
 * first (cold) request, then warm ones, with the legacy calls each made (`/__sandbox/calls` of
 * every stand-in), then a new web-store order and how long until `me.orders` lists it.
 *
 *   npx tsx subgraphs/orders/scripts/measure-my-account.ts [warmRequests=5]
 *
 * Not a test and not part of `npm test`: it starts a whole stack (about a minute) and prints a table.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintDevToken } from '@ucg/gateway';
import { demoCustomerEmail, generateRetailer } from '@ucg/legacy-seed';
import { launchStack, repoRoot } from '@ucg/stack';

const LEGACY = ['erp', 'crm', '3pl-us', '3pl-eu', 'webstore', 'marketplace'] as const;
const warm = Number(process.argv[2] ?? 5);
const query = readFileSync(join(repoRoot, 'schema/contract/mobile/MyAccount.graphql'), 'utf8');

const stack = await launchStack({
  ports: 'auto',
  only: [...LEGACY, 'inventory', 'customers', 'orders', 'cart', 'gateway'],
  env: {
    UCG_LEGACY_LATENCY: 'on',
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: `ucg-measure-${process.pid}-${Date.now().toString(36)}:`,
    EDI_EXCHANGE_DIR: mkdtempSync(join(tmpdir(), 'ucg-measure-edi-')),
    LOG_LEVEL: 'warn',
  },
  readyTimeoutMs: 240_000,
});

async function legacyCalls(): Promise<Record<string, number>> {
  const entries = await Promise.all(LEGACY.map(async (s) => [s, ((await (await fetch(`${stack.urls[s]}/__sandbox/calls`)).json()) as { total: number }).total] as const));
  return Object.fromEntries(entries);
}

async function myAccount(token: string) {
  const t0 = performance.now();
  const res = await fetch(`${stack.urls.gateway}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables: { ordersFirst: 10 } }),
  });
  const body = (await res.json()) as { data?: { me?: { orders?: { nodes: { number: string }[] } } }; errors?: { message: string }[] };
  return { ms: performance.now() - t0, status: res.status, body };
}

try {
  const token = await mintDevToken({ email: demoCustomerEmail });
  // Let start-up work (webhook registration, the EU warehouse's history) settle before counting.
  await new Promise((r) => setTimeout(r, 3000));
  const rows: string[] = ['| request | ms | errors | orders | legacy calls (total) | by system |', '| --- | ---: | ---: | ---: | ---: | --- |'];
  for (let i = 0; i <= warm; i++) {
    const before = await legacyCalls();
    const { ms, body } = await myAccount(token);
    const after = await legacyCalls();
    const used = Object.fromEntries(LEGACY.map((s) => [s, after[s]! - before[s]!]).filter(([, n]) => n !== 0));
    const total = Object.values(used).reduce((a, b) => a + (b as number), 0);
    rows.push(`| ${i === 0 ? 'cold' : `warm ${i}`} | ${ms.toFixed(0)} | ${body.errors?.length ?? 0} | ${body.data?.me?.orders?.nodes.length ?? '–'} | ${total} | ${JSON.stringify(used)} |`);
    if (body.errors?.length) rows.push(`|   | first error: ${body.errors[0]!.message.slice(0, 120)} | | | | |`);
  }

  // A web-store order placed now: how long until MyAccount lists it?
  const sku = generateRetailer().orders.find((o) => o.system === 'webstore' && o.channel === 'WEB')!.lines[0]!.sku!;
  const placed = await fetch(`${stack.urls.webstore}/__sandbox/orders`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ source: 'web', email: demoCustomerEmail, lines: [{ sku, quantity: 1 }] }),
  });
  const { number } = (await placed.json()) as { number: number };
  const t0 = performance.now();
  let seenAfter: number | null = null;
  while (performance.now() - t0 < 90_000) {
    const { body } = await myAccount(token);
    if (body.data?.me?.orders?.nodes.some((n) => n.number === String(number))) {
      seenAfter = performance.now() - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  process.stdout.write(`\nMyAccount (ordersFirst: 10) for ${demoCustomerEmail}, realistic legacy latency\n\n${rows.join('\n')}\n\n`);
  process.stdout.write(`new web-store order #${number}: listed in me.orders after ${seenAfter === null ? 'more than 90 s' : `${seenAfter.toFixed(0)} ms`}\n`);
} finally {
  await stack.stop();
}
