import type { X12Transaction } from 'node-x12';
import type { StockRecord } from '@ucg/connector-core';
import { loops, query, value, x12Timestamp } from './segments.ts';

export interface InventoryAdvice {
  /** BIA01 `00`: every SKU the warehouse carries; `25`: only the SKUs listed changed. */
  kind: 'snapshot' | 'change';
  reportId: string | null;
  asOf: string;
  records: StockRecord[];
}

/** Product id qualifiers that carry our SKU (SK = stock keeping unit, VN = vendor's item number). */
const skuQualifiers = new Set(['SK', 'VN']);

/**
 * Maps an 846 to canonical stock. Quantities are absolute levels: QTY*17 on hand, QTY*27
 * committed, QTY*33 available for sale (derived when absent). `asOf` is the report's BIA04/BIA05.
 */
export function read846(transaction: X12Transaction, defaultLocation: string): InventoryAdvice {
  const header = query(transaction, { purpose: 'BIA01', reportId: 'BIA03', date: 'BIA04', time: 'BIA05', location: 'N104:N101["WH"]' });
  if (header.purpose !== '00' && header.purpose !== '25') throw new Error(`846 BIA01 "${header.purpose ?? ''}" is neither 00 (snapshot) nor 25 (changes)`);
  const asOf = x12Timestamp(header.date, header.time);
  const locationNativeId = header.location ?? defaultLocation;
  const records = loops(transaction, 'LIN', ['CTT']).map((loop, i): StockRecord => {
    const lin = loop[0]!;
    let sku: string | null = null;
    for (let p = 2; p < lin.elements.length && !sku; p += 2) if (skuQualifiers.has(value(lin, p) ?? '')) sku = value(lin, p + 1);
    if (!sku) throw new Error(`846 LIN loop ${i + 1} carries no SK/VN product id`);
    const qty = (qualifier: string) => {
      const segment = loop.find((s) => s.tag === 'QTY' && value(s, 1) === qualifier);
      if (!segment) return null;
      const n = Number(value(segment, 2));
      if (!Number.isFinite(n)) throw new Error(`846 QTY*${qualifier} for ${sku} is not a number`);
      return n;
    };
    const onHandRaw = qty('17');
    const committed = qty('27') ?? 0;
    const availableRaw = qty('33');
    if (onHandRaw === null && availableRaw === null) throw new Error(`846 item ${sku} has neither QTY*17 nor QTY*33`);
    const onHand = onHandRaw ?? availableRaw! + committed;
    return { sku, system: '3pl-eu', locationNativeId, onHand, committed, available: availableRaw ?? Math.max(0, onHand - committed), asOf };
  });
  return { kind: header.purpose === '00' ? 'snapshot' : 'change', reportId: header.reportId, asOf, records };
}
