import type { Retailer } from '@ucg/legacy-seed';
import { seedPartners, type PartnerRows } from './services/business-partners.ts';
import { seedPurchaseOrders, type PurchaseOrderRows } from './services/purchase-orders.ts';
import { seedSalesOrders, type SalesOrderRows } from './services/sales-orders.ts';
import { seedPlantStock, type StockLedger } from './services/stock.ts';

/** EN description per sellable (variant) material, as MAKT holds it: cut to 40 characters. */
export function variantMaterials(retailer: Retailer): Map<string, string> {
  const products = new Map(retailer.products.map((p) => [p.id, p]));
  return new Map(retailer.variants.map((v) => [v.sku, `${products.get(v.productId)?.title.en ?? ''} ${v.title}`.slice(0, 40).trimEnd()]));
}

interface Mutable {
  ledger: StockLedger;
  sales: SalesOrderRows;
  purchases: PurchaseOrderRows;
  partners: PartnerRows;
}

/**
 * What the ERP stand-in changes: plant stock, sales and purchase orders, business partners
 * (blocking). Everything else is projected from the seed and read-only. `snapshot`/`restore`
 * give `$batch` changesets their all-or-nothing behaviour.
 */
export class ErpState {
  private data: Mutable;

  constructor(private readonly retailer: Retailer, private readonly materials: Map<string, string>) {
    this.data = this.seed();
  }

  private seed(): Mutable {
    return {
      ledger: { stock: seedPlantStock(this.retailer), version: 0 },
      sales: seedSalesOrders(this.retailer, this.materials),
      purchases: seedPurchaseOrders(this.retailer, this.materials),
      partners: seedPartners(this.retailer),
    };
  }

  get ledger(): StockLedger {
    return this.data.ledger;
  }

  get sales(): SalesOrderRows {
    return this.data.sales;
  }

  get purchases(): PurchaseOrderRows {
    return this.data.purchases;
  }

  get partners(): PartnerRows {
    return this.data.partners;
  }

  reset(): void {
    this.data = this.seed();
  }

  snapshot(): unknown {
    return structuredClone({ sales: this.data.sales, purchases: this.data.purchases, partners: this.data.partners });
  }

  restore(snapshot: unknown): void {
    const s = snapshot as Omit<Mutable, 'ledger'>;
    this.data = { ...this.data, sales: s.sales, purchases: s.purchases, partners: s.partners };
  }
}
