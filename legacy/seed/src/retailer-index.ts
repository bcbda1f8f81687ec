import type { Order, Person, Price, Product, Retailer, Shipment, StockLevel, Variant } from './types.ts';

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Lookups over a retailer that stand-ins and tests need again and again. */
export class RetailerIndex {
  readonly productById: Map<string, Product>;
  readonly productByHandle: Map<string, Product>;
  readonly variantBySku: Map<string, Variant>;
  readonly variantsByProduct: Map<string, Variant[]>;
  readonly pricesBySku: Map<string, Price[]>;
  readonly stockBySku: Map<string, StockLevel[]>;
  readonly personByEmail: Map<string, Person>;
  readonly ordersByPerson: Map<string, Order[]>;
  readonly shipmentsByOrder: Map<string, Shipment[]>;

  constructor(readonly retailer: Retailer) {
    this.productById = new Map(retailer.products.map((p) => [p.id, p]));
    this.productByHandle = new Map(retailer.products.map((p) => [p.handle, p]));
    this.variantBySku = new Map(retailer.variants.map((v) => [v.sku, v]));
    this.variantsByProduct = groupBy(retailer.variants, (v) => v.productId);
    this.pricesBySku = groupBy(retailer.prices, (p) => p.sku);
    this.stockBySku = groupBy(retailer.stock, (s) => s.sku);
    this.personByEmail = new Map(retailer.people.map((p) => [p.email.toLowerCase(), p]));
    this.ordersByPerson = groupBy(retailer.orders.filter((o) => o.personKey), (o) => o.personKey!);
    this.shipmentsByOrder = groupBy(retailer.shipments, (s) => s.orderNumber);
  }

  price(sku: string, currency: string, customerGroup = '01'): Price | undefined {
    return this.pricesBySku.get(sku)?.find((p) => p.currency === currency && p.customerGroup === customerGroup);
  }
}
