import type { ServiceName } from '@ucg/service-kit';
import type { BenchData } from './data.ts';
import type { BenchStack } from './stack.ts';
import { getPath } from './workloads.ts';

export interface Freshness {
  /** Time from the stock move at the stand-in to the first gateway answer showing it. */
  ms?: number;
  note: string;
}

type Detail = { data?: { product?: { variants?: { nodes?: { sku: string; availability?: { availableToSell?: number } | null }[] } } | null } | null };

/**
 * Moves stock of a popular SKU at the stand-in that holds it (as a warehouse count would) and
 * polls ProductDetail through the gateway, exactly as the load does, until the new number shows.
 */
export async function measureStockFreshness(bench: BenchStack, gatewayBase: string, data: BenchData, timeoutMs = 10_000): Promise<Freshness> {
  const product = data.retailer.products.find((p) => p.handle === data.handles[0])!;
  const skus = new Set(data.retailer.variants.filter((v) => v.productId === product.id).map((v) => v.sku));
  const level = data.retailer.stock.find((l) => skus.has(l.sku) && (l.system === 'webstore' || l.system === '3pl-us') && l.onHand >= 5);
  if (!level) return { note: `no web-store or ShipBob stock level for ${product.handle}` };
  const operation = data.operations.get('ProductDetail')!;
  const url = `${gatewayBase}${getPath('ours', operation, { handle: product.handle })}`;
  const read = async (): Promise<number | string> => {
    const res = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    const body = (await res.json()) as Detail & { errors?: { message: string }[] };
    const node = body.data?.product?.variants?.nodes?.find((n) => n.sku === level.sku);
    const value = node?.availability?.availableToSell;
    return typeof value === 'number' ? value : `ProductDetail gives no availableToSell for ${level.sku}${body.errors ? ` (${body.errors[0]!.message})` : ''}`;
  };
  const before = await read();
  if (typeof before === 'string') return { note: before };
  const standIn = bench.stack.urls[level.system as ServiceName];
  const moved = await fetch(`${standIn}/__sandbox/stock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku: level.sku, location: level.locationNativeId, delta: -1 }) });
  if (!moved.ok) return { note: `stand-in ${level.system} refused the stock move: HTTP ${moved.status} ${await moved.text()}` };
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const now = await read();
    if (typeof now === 'number' && now !== before) return { ms: Math.round(performance.now() - started), note: `${level.sku} at ${level.system}:${level.locationNativeId}, ${before} → ${now}` };
    await new Promise((r) => setTimeout(r, 25));
  }
  return { note: `${level.sku} at ${level.system}:${level.locationNativeId}: still ${before} after ${timeoutMs} ms` };
}
