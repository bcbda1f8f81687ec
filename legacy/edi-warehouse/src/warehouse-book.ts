import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Retailer } from '@ucg/legacy-seed';
import type { ShippingOrder } from './doc-940.ts';

export interface StockRow {
  onHand: number;
  committed: number;
}

export interface OrderLine {
  sku: string;
  quantity: number;
  /** Units reserved for this order when it was accepted (what will ship). */
  allocated: number;
  known: boolean;
  description: string | null;
}

export interface WarehouseOrder extends Omit<ShippingOrder, 'lines'> {
  lines: OrderLine[];
  receivedAt: string;
  /** Interchange the 940 came in (sender:ISA13). */
  receivedIn: string;
  status: 'ALLOCATED' | 'SHIPPED';
  shipment?: { shipmentId: string; shippedAt: string; carrier: string | null; trackingNumber: string | null; file: string };
}

interface BookData {
  /** The seed the stock came from; a different seed starts a fresh book. */
  seedKey: string;
  stock: Record<string, StockRow>;
  orders: Record<string, WarehouseOrder>;
  duplicatesIgnored: number;
  /** Recent inbound interchanges (sender:ISA13), to spot a file sent twice. */
  seenInterchanges: string[];
  /** Groups sent and not yet acknowledged by a 997, by GS06. */
  awaitingAck: Record<string, { functionalId: string; sentAt: string; file: string }>;
  acknowledged: number;
  rejectedByPartner: number;
  historySeeded: boolean;
  shipmentSeq: number;
}

const SEEN_LIMIT = 5000;
const AWAITING_LIMIT = 5000;

/**
 * What the warehouse knows: stock per SKU at VEN1, the orders it accepted (keyed by the depositor
 * order number, which is how it de-duplicates 940s), and its EDI bookkeeping. Kept on the
 * warehouse's own disk so that a restart neither forgets orders nor re-ships them.
 */
export class WarehouseBook {
  private data: BookData;
  private readonly file: string;

  constructor(dir: string, private readonly retailer: Retailer) {
    this.file = join(dir, 'book.json');
    const stored = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as BookData) : undefined;
    this.data = stored?.seedKey === this.seedKey() ? stored : this.fresh();
  }

  private seedKey(): string {
    return `${this.retailer.seed}|${this.retailer.now}|${this.retailer.variants.length}`;
  }

  private fresh(): BookData {
    const stock: Record<string, StockRow> = {};
    for (const row of this.retailer.stock) {
      if (row.system === '3pl-eu') stock[row.sku] = { onHand: row.onHand, committed: row.committed };
    }
    return {
      seedKey: this.seedKey(), stock, orders: {}, duplicatesIgnored: 0, seenInterchanges: [], awaitingAck: {},
      acknowledged: 0, rejectedByPartner: 0, historySeeded: false, shipmentSeq: 0,
    };
  }

  /** Back to the seeded stock with no orders; EDI bookkeeping (history, acks) is kept. */
  resetToSeed(): void {
    const { historySeeded, shipmentSeq, awaitingAck, acknowledged, rejectedByPartner, seenInterchanges } = this.data;
    this.data = { ...this.fresh(), historySeeded, shipmentSeq, awaitingAck, acknowledged, rejectedByPartner, seenInterchanges };
    this.save();
  }

  save(): void {
    const temp = `${this.file}.part`;
    writeFileSync(temp, JSON.stringify(this.data));
    renameSync(temp, this.file);
  }

  /** Copies of every stock row, by SKU. */
  stock(): [string, StockRow][] {
    return Object.entries(this.data.stock).map(([sku, row]): [string, StockRow] => [sku, { ...row }]).sort(([a], [b]) => a.localeCompare(b));
  }

  row(sku: string): StockRow | undefined {
    const row = this.data.stock[sku];
    return row && { ...row };
  }

  /** Sets the on-hand count (a receipt, count or damage write-off); committed units stay reserved. */
  setOnHand(sku: string, onHand: number): StockRow {
    const row = (this.data.stock[sku] ??= { onHand: 0, committed: 0 });
    row.onHand = onHand;
    row.committed = Math.min(row.committed, onHand);
    this.save();
    return { ...row };
  }

  order(reference: string): WarehouseOrder | undefined {
    return this.data.orders[reference];
  }

  orders(): WarehouseOrder[] {
    return Object.values(this.data.orders);
  }

  /**
   * Accepts a 940: reserves what is available of each line. Returns null for an order number the
   * warehouse already has (the duplicate is counted, never shipped twice).
   */
  accept(order: ShippingOrder, receivedIn: string, at: Date): { order: WarehouseOrder; changed: string[] } | null {
    if (this.data.orders[order.orderReference]) {
      this.data.duplicatesIgnored++;
      this.save();
      return null;
    }
    const changed = new Set<string>();
    const lines = order.lines.map((line): OrderLine => {
      const row = this.data.stock[line.sku];
      const allocated = row ? Math.min(line.quantity, Math.max(0, row.onHand - row.committed)) : 0;
      if (row && allocated > 0) {
        row.committed += allocated;
        changed.add(line.sku);
      }
      return { sku: line.sku, quantity: line.quantity, allocated, known: row !== undefined, description: line.description };
    });
    const accepted: WarehouseOrder = { ...order, lines, receivedAt: at.toISOString(), receivedIn, status: 'ALLOCATED' };
    this.data.orders[order.orderReference] = accepted;
    this.save();
    return { order: accepted, changed: [...changed] };
  }

  /** Picks what was reserved off the shelf: on hand and committed both go down. */
  ship(reference: string, shipment: NonNullable<WarehouseOrder['shipment']>): { order: WarehouseOrder; changed: string[] } {
    const order = this.data.orders[reference]!;
    const changed: string[] = [];
    for (const line of order.lines) {
      const row = this.data.stock[line.sku];
      if (!row || line.allocated === 0) continue;
      row.onHand -= line.allocated;
      row.committed = Math.max(0, row.committed - line.allocated);
      changed.push(line.sku);
    }
    order.status = 'SHIPPED';
    order.shipment = shipment;
    this.save();
    return { order, changed };
  }

  nextShipmentId(): string {
    this.data.shipmentSeq++;
    return `VEN1-${String(this.data.shipmentSeq).padStart(7, '0')}`;
  }

  /** Records an inbound interchange; false when it was already seen (same sender and ISA13). */
  firstSight(key: string): boolean {
    if (this.data.seenInterchanges.includes(key)) return false;
    this.data.seenInterchanges.push(key);
    if (this.data.seenInterchanges.length > SEEN_LIMIT) this.data.seenInterchanges.splice(0, this.data.seenInterchanges.length - SEEN_LIMIT);
    this.save();
    return true;
  }

  expectAck(groupControlNumber: string, functionalId: string, file: string, at: Date): void {
    this.data.awaitingAck[groupControlNumber] = { functionalId, sentAt: at.toISOString(), file };
    // A partner that never acknowledges must not grow the book without bound; the oldest are given up on.
    const waiting = Object.keys(this.data.awaitingAck);
    for (const old of waiting.slice(0, Math.max(0, waiting.length - AWAITING_LIMIT))) delete this.data.awaitingAck[old];
    this.save();
  }

  /** A 997 for one of our groups arrived; R counts as a rejection the warehouse staff would chase. */
  ackReceived(groupControlNumber: string, code: string): boolean {
    if (!this.data.awaitingAck[groupControlNumber]) return false;
    delete this.data.awaitingAck[groupControlNumber];
    if (code === 'R') this.data.rejectedByPartner++;
    else this.data.acknowledged++;
    this.save();
    return true;
  }

  get historySeeded(): boolean {
    return this.data.historySeeded;
  }

  markHistorySeeded(): void {
    this.data.historySeeded = true;
    this.save();
  }

  counters() {
    const orders = Object.values(this.data.orders);
    return {
      received: orders.length,
      shipped: orders.filter((o) => o.status === 'SHIPPED').length,
      awaitingPick: orders.filter((o) => o.status === 'ALLOCATED').length,
      duplicatesIgnored: this.data.duplicatesIgnored,
      awaitingAck: Object.keys(this.data.awaitingAck).length,
      acknowledged: this.data.acknowledged,
      rejectedByPartner: this.data.rejectedByPartner,
    };
  }
}
