import { performance } from 'node:perf_hooks';
const { startWorld } = (await import('../test/harness.ts')) as typeof import('../test/harness.ts');
const world = await startWorld();
const rt = world.server.runtime;
const skus = world.retailer.variants.filter((_, i) => i % 11 === 0).slice(0, 500).map((v) => v.sku);
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)]!;
async function time(name: string, fn: () => Promise<unknown>, n = 40) {
  const a: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await fn(); a.push(performance.now() - t); }
  console.log(`${name}: p50 ${pct(a, 50).toFixed(1)} p95 ${pct(a, 95).toFixed(1)} ms`);
}
const dir = await rt.directory.get();
const keys = skus.flatMap((s) => (dir.bySystem.get('3pl-us') ?? []).map((l) => `${s}@${l.id}`));
await time('store.hgetall x500 raw', () => Promise.all(skus.map((s) => world.store.hgetall(`stock:{${s}}:locations`))));
await time('ledger.available(500)', () => rt.ledger.available(skus));
await time('3pl-us cache getMany(2000 keys)', () => rt.caches.getMany('3pl-us', keys));
await time('reader.read(500)', () => rt.reader.read(skus));
await world.close();
process.exit(0);
