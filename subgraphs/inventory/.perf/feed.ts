import { performance } from 'node:perf_hooks';
import { loadavg } from 'node:os';
const { startWorld } = (await import(process.env.BASE ? './base/test/harness.ts' : '../test/harness.ts')) as typeof import('../test/harness.ts');

const world = await startWorld(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('PERF_ENV_')).map(([k, v]) => [k.slice(9), v!])));
const skus = world.retailer.variants.filter((_, i) => i % 11 === 0).slice(0, 500).map((v) => v.sku);
const Q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Variant { availability { status availableToSell asOf byLocation { location { id type address { countryCode } } available } } } } }`;
const partner = { partner: { companyId: 'acme', customerGroup: 'B2', scopes: ['inventory:read', 'prices:b2b', 'orders:read'] } };
const r = skus.map((sku) => ({ __typename: 'Variant', sku }));
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)]!;
const calls0 = (await world.calls('shipbob')).total;
let t = performance.now();
const first = await world.gql(Q, { r }, partner);
console.log('cold ms', (performance.now() - t).toFixed(1), 'errors', JSON.stringify(first.errors?.[0]), 'shipbob calls', (await world.calls('shipbob')).total - calls0);
const N = Number(process.env.N ?? 60);
const gqlMs: number[] = [];
const readMs: number[] = [];
for (let i = 0; i < N; i++) {
  t = performance.now();
  await world.server.runtime.reader.read(skus);
  readMs.push(performance.now() - t);
  t = performance.now();
  const res = await world.gql(Q, { r }, partner);
  gqlMs.push(performance.now() - t);
  if (res.errors) throw new Error(JSON.stringify(res.errors[0]));
}
const show = (name: string, a: number[]) => console.log(`${name}: p50 ${pct(a, 50).toFixed(1)} p95 ${pct(a, 95).toFixed(1)} max ${Math.max(...a).toFixed(1)} ms`);
show('reader.read(500)', readMs.slice(10));
show('_entities 500 (HTTP, full GraphQL)', gqlMs.slice(10));
// concurrency 8
const conc = Number(process.env.C ?? 8);
const lat: number[] = [];
const until = performance.now() + 5000;
let done = 0;
await Promise.all(Array.from({ length: conc }, async () => { while (performance.now() < until) { const s = performance.now(); await world.gql(Q, { r }, partner); lat.push(performance.now() - s); done++; } }));
show(`_entities 500 at concurrency ${conc} (${(done / 5).toFixed(1)} req/s)`, lat);
console.log('shipbob calls total during run', (await world.calls('shipbob')).total - calls0, 'load', loadavg().map((x) => x.toFixed(2)).join(' '));
await world.close();
process.exit(0);
