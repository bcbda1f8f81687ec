import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateRetailer, seedOptionsFromEnv, type Retailer } from '@ucg/legacy-seed';
import { mintDevToken, devPartnerKey } from '@ucg/gateway';
import { repoRoot } from '@ucg/stack';

export interface ManifestOperation {
  id: string;
  name: string;
  body: string;
}

/** Everything the workloads draw from: the seeded retailer's handles, SKUs and customers, and the persisted operations. */
export interface BenchData {
  retailer: Retailer;
  /** Web-store product handles, most popular first (the Zipf ranks). */
  handles: string[];
  searchTerms: string[];
  /** SKUs carts add (one unit each). */
  cartSkus: string[];
  /** Batches of 500 SKUs for the partner feed. */
  partnerBatches: string[][];
  customers: { email: string; token: string }[];
  partnerKey: string;
  operations: Map<string, ManifestOperation>;
}

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0 || 1;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function loadOperations(dir = join(repoRoot, 'schema', 'manifests')): Map<string, ManifestOperation> {
  const ops = new Map<string, ManifestOperation>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const manifest = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { operations: ManifestOperation[] };
    for (const op of manifest.operations) ops.set(op.name, op);
  }
  return ops;
}

export async function loadBenchData(options: { handles: number; customers: number }): Promise<BenchData> {
  const retailer = generateRetailer(seedOptionsFromEnv());
  const webProducts = retailer.products.filter((p) => p.inWebStore);
  const handles = shuffled(webProducts.map((p) => p.handle), 7).slice(0, options.handles);
  const categories = retailer.categories.map((c) => c.name.en);
  const searchTerms = [...new Set([...retailer.brands.map((b) => b.name), ...categories.flatMap((c) => c.toLowerCase().split(/\s+/))])].filter((t) => t.length > 2).slice(0, 24);
  const webSkus = new Set(retailer.variants.filter((v) => webProducts.some((p) => p.id === v.productId)).map((v) => v.sku));
  const stocked = new Map<string, number>();
  for (const level of retailer.stock) if (webSkus.has(level.sku)) stocked.set(level.sku, (stocked.get(level.sku) ?? 0) + level.onHand - level.committed);
  const cartSkus = [...stocked].filter(([, n]) => n >= 50).map(([sku]) => sku).slice(0, 1000);
  const skus = retailer.variants.map((v) => v.sku);
  const partnerBatches = [0, 1, 2, 3].map((i) => skus.slice(i * 500, (i + 1) * 500));
  const people = retailer.people.filter((p) => p.crm).slice(0, options.customers);
  const customers = await Promise.all(people.map(async (p) => ({ email: p.email.toLowerCase(), token: await mintDevToken({ email: p.email }) })));
  return { retailer, handles, searchTerms, cartSkus, partnerBatches, customers, partnerKey: devPartnerKey, operations: loadOperations() };
}
