import { x12Date, x12Time, type Segment, type TransactionSet } from './x12-envelope.ts';

export interface StockLine {
  sku: string;
  gtin?: string;
  onHand: number;
  committed: number;
}

export interface InventoryAdviceInput {
  /** A snapshot lists every SKU the warehouse carries; a change lists only the SKUs that moved. */
  kind: 'snapshot' | 'change';
  reportId: string;
  at: Date;
  warehouse: { code: string; name: string };
  lines: StockLine[];
}

/**
 * 846 Inventory Inquiry/Advice as this warehouse sends it. Quantities are always absolute levels,
 * never deltas, so a replayed or reordered advice cannot double-count:
 *
 * - BIA01 `00` (original) = full snapshot; `25` (incremental) = only the listed items changed.
 * - BIA02 `DD` distributor inventory report; BIA03 report id; BIA04/BIA05 as-of date and time (UTC, to the hundredth).
 * - N1*WH names the warehouse (N104 = its code, `VEN1`).
 * - Per item: LIN*<blank>*SK*<sku>[*EN*<gtin>], QTY*17 on hand, QTY*27 committed, QTY*33 available for sale.
 * - CTT01 = number of LIN loops.
 */
export function inventoryAdvice(input: InventoryAdviceInput): TransactionSet {
  const segments: Segment[] = [
    ['BIA', input.kind === 'snapshot' ? '00' : '25', 'DD', input.reportId, x12Date(input.at), x12Time(input.at, 'hundredths')],
    ['N1', 'WH', input.warehouse.name, 'ZZ', input.warehouse.code],
  ];
  for (const line of input.lines) {
    segments.push(
      ['LIN', '', 'SK', line.sku, ...(line.gtin ? ['EN', line.gtin] : [])],
      ['QTY', '17', String(line.onHand), 'EA'],
      ['QTY', '27', String(line.committed), 'EA'],
      ['QTY', '33', String(Math.max(0, line.onHand - line.committed)), 'EA'],
    );
  }
  segments.push(['CTT', String(input.lines.length)]);
  return { id: '846', segments };
}
