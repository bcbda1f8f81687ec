import { multiplyMoney, type Money, type PurchaseOrderRecord } from '@ucg/connector-core';
import type { SapConnector } from '@ucg/connector-sap';
import type { ErpMasterData, MaterialInfo } from '../erp/master-data.ts';

interface Purchase {
  supplier: string;
  netPrice: Money;
  /** Order of the purchase: later purchase orders win. */
  rank: number;
}

export interface Sourcing {
  supplier: string | null;
  netPrice: Money | null;
}

/**
 * Where a SKU is usually bought and at what price, from the ERP's purchase-order history (the ERP
 * has no purchasing info records among the APIs we use):
 * - supplier: the one given, else the supplier of the SKU's latest purchase order, else of the
 *   latest purchase order of another variant of the same article;
 * - net price: the SKU's latest price from that supplier, else its latest price from anyone, else a
 *   sibling variant's latest price, else the ERP list price × `fallbackPriceFactor`.
 */
export async function sourceLines(
  deps: { sap: SapConnector; erp: ErpMasterData; currency: string; fallbackPriceFactor: number },
  skus: readonly string[],
  materials: Map<string, MaterialInfo>,
  supplierId: string | null,
): Promise<Map<string, Sourcing>> {
  const orders = await deps.sap.purchaseOrders();
  const latest = latestPurchases(orders, deps.currency);
  const historySkus = [...latest.keys()];
  const historyMaterials = await deps.erp.materials.getMany(historySkus);
  const byGeneric = new Map<string, Purchase>();
  for (const [sku, purchases] of latest) {
    const generic = historyMaterials.get(sku)?.value?.genericMaterial;
    const last = purchases.at(-1)!;
    if (generic && (byGeneric.get(generic)?.rank ?? -1) < last.rank) byGeneric.set(generic, last);
  }
  const out = new Map<string, Sourcing>();
  const unpriced: string[] = [];
  for (const sku of skus) {
    const own = latest.get(sku) ?? [];
    const generic = materials.get(sku)?.genericMaterial;
    const sibling = generic ? byGeneric.get(generic) : undefined;
    const supplier = supplierId ?? own.at(-1)?.supplier ?? sibling?.supplier ?? null;
    const fromSupplier = own.filter((p) => p.supplier === supplier).at(-1);
    const netPrice = (fromSupplier ?? own.at(-1) ?? sibling)?.netPrice ?? null;
    out.set(sku, { supplier, netPrice });
    if (!netPrice) unpriced.push(sku);
  }
  if (unpriced.length) {
    const list = await deps.sap.salesPrices(unpriced, deps.currency, '01');
    for (const p of list) {
      const s = out.get(p.sku);
      if (s && !s.netPrice) s.netPrice = multiplyMoney(p.price, deps.fallbackPriceFactor);
    }
  }
  return out;
}

/** Every SKU's purchases in the ERP currency, oldest first. */
function latestPurchases(orders: readonly PurchaseOrderRecord[], currency: string): Map<string, Purchase[]> {
  const sorted = [...orders].sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.number.localeCompare(b.number));
  const out = new Map<string, Purchase[]>();
  sorted.forEach((order, rank) => {
    for (const line of order.lines) {
      if (line.netPrice.currencyCode !== currency) continue;
      out.set(line.sku, [...(out.get(line.sku) ?? []), { supplier: order.supplier, netPrice: line.netPrice, rank }]);
    }
  });
  return out;
}
