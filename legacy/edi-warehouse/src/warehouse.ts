import { readFileSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Retailer, Variant } from '@ucg/legacy-seed';
import { chooseCarrier, trackingNumber } from './carriers.ts';
import type { WarehouseConfig } from './config.ts';
import { ControlNumbers } from './control-numbers.ts';
import { inventoryAdvice } from './doc-846.ts';
import { shippingAdvice, type ShippingAdviceInput } from './doc-945.ts';
import { functionalAck } from './doc-997.ts';
import { ExchangeFolders } from './exchange-folders.ts';
import { historicalAdvices } from './history.ts';
import { InboundRejected, readInbound } from './inbox.ts';
import { WarehouseBook, type StockRow } from './warehouse-book.ts';
import { writeInterchange, type TransactionSet } from './x12-envelope.ts';

const DAY = 86_400_000;
const stamp = (at: Date) => at.toISOString().replace(/[-:.TZ]/g, '');

/**
 * The EU 3PL's EDI side: it reads 940s (and 997s) from `to-warehouse/`, answers each 940 group with
 * a 997, ships accepted orders after a pick delay with a 945, and writes an 846 on every stock
 * movement plus a periodic full snapshot. HTTP plays no part in this; see server.ts for the admin API.
 */
export class EdiWarehouse {
  readonly folders: ExchangeFolders;
  readonly book: WarehouseBook;
  private readonly controls: ControlNumbers;
  private readonly variants: Map<string, Variant>;
  private readonly site: { code: string; name: string };
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly picks = new Map<string, NodeJS.Timeout>();
  private inboxBusy = false;
  private lastSnapshot: { at: string; file: string; items: number } | null = null;
  private inboxErrors = 0;
  private duplicateInterchanges = 0;
  /** The sandbox can take the warehouse's EDI system down: nothing is read or written meanwhile. */
  paused = false;

  constructor(private readonly retailer: Retailer, readonly config: Readonly<WarehouseConfig>, private readonly log?: Logger) {
    this.folders = new ExchangeFolders(config.exchangeDir);
    this.controls = new ControlNumbers(this.folders.privateDir);
    this.book = new WarehouseBook(this.folders.privateDir, retailer);
    this.variants = new Map(retailer.variants.map((v) => [v.sku, v]));
    const location = retailer.locations.find((l) => l.system === '3pl-eu');
    this.site = { code: location?.nativeId ?? 'VEN1', name: location?.name ?? 'EU Fulfilment Venlo' };
  }

  /** Writes the history (first start only), the start-up snapshot, and starts polling and the snapshot timer. */
  start(): void {
    this.pruneHistory();
    if (!this.book.historySeeded) {
      for (const advices of historicalAdvices(this.retailer, this.config.historyDays, this.site).values()) {
        this.send('SW', advices.map(shippingAdvice), '945', { historyOnly: true });
      }
      this.book.markHistorySeeded();
    }
    this.snapshot();
    for (const order of this.book.orders()) if (order.status === 'ALLOCATED') this.schedulePick(order.orderReference);
    this.every(this.config.pollIntervalMs, () => this.processInbox());
    if (this.config.snapshotIntervalMs > 0) this.every(this.config.snapshotIntervalMs, () => this.paused || this.snapshot());
  }

  stop(): void {
    for (const t of [...this.timers, ...this.picks.values()]) clearTimeout(t);
    this.timers.clear();
    this.picks.clear();
  }

  /** Seeded stock again, no orders; the partner is told with a fresh snapshot. */
  reset(): void {
    for (const t of this.picks.values()) clearTimeout(t);
    this.picks.clear();
    this.book.resetToSeed();
    this.snapshot();
  }

  private every(ms: number, task: () => unknown): void {
    const timer = setInterval(() => {
      try {
        const result = task();
        if (result instanceof Promise) result.catch((error: unknown) => this.log?.error({ err: error }, 'EDI warehouse task failed'));
      } catch (error) {
        this.log?.error({ err: error }, 'EDI warehouse task failed');
      }
    }, Math.max(ms, 10));
    timer.unref();
    this.timers.add(timer);
  }

  /** Writes one interchange to `from-warehouse/` (945s also to `history/`); returns the file name. */
  send(functionalId: string, sets: TransactionSet[], kind: string, options: { historyOnly?: boolean } = {}): string {
    const at = new Date();
    const controls = this.controls.next();
    const text = writeInterchange({
      sender: this.config.warehouseId, receiver: this.config.partnerId, functionalId, transactions: sets, controls, at,
      usageIndicator: this.config.usageIndicator,
    });
    const name = `${kind}_${stamp(at)}_${String(controls.interchange).padStart(9, '0')}.edi`;
    if (options.historyOnly) {
      this.folders.writeAtomic(this.folders.history, name, text);
      return name;
    }
    this.folders.writeAtomic(this.folders.fromWarehouse, name, text);
    if (kind === '945') this.folders.writeAtomic(this.folders.history, name, text);
    if (functionalId !== 'FA') this.book.expectAck(String(controls.group), functionalId, name, at);
    this.log?.info({ file: name, kind, interchange: controls.interchange }, 'EDI file sent');
    return name;
  }

  private lines(skus: string[]) {
    return skus.map((sku) => {
      const row = this.book.row(sku) ?? { onHand: 0, committed: 0 };
      const gtin = this.variants.get(sku)?.gtin;
      return { sku, onHand: row.onHand, committed: row.committed, ...(gtin ? { gtin } : {}) };
    });
  }

  /** A full 846 of every SKU the warehouse carries. */
  snapshot(): { file: string; items: number } {
    const skus = this.book.stock().map(([sku]) => sku);
    const at = new Date();
    const set = inventoryAdvice({ kind: 'snapshot', reportId: `SNAP${stamp(at)}`, at, warehouse: this.site, lines: this.lines(skus) });
    const file = this.send('IB', [set], '846');
    this.lastSnapshot = { at: at.toISOString(), file, items: skus.length };
    return { file, items: skus.length };
  }

  /** An item-level 846 for SKUs that just moved. */
  private stockChanged(skus: string[]): string | null {
    if (skus.length === 0) return null;
    const at = new Date();
    return this.send('IB', [inventoryAdvice({ kind: 'change', reportId: `CHG${stamp(at)}`, at, warehouse: this.site, lines: this.lines(skus) })], '846');
  }

  /** A stock movement from the floor (receipt, count, damage): new level, then an 846 right away. */
  moveStock(sku: string, change: { delta: number } | { onHand: number }): StockRow & { file: string } {
    const current = this.book.row(sku)?.onHand ?? 0;
    const onHand = 'delta' in change ? current + change.delta : change.onHand;
    const row = this.book.setOnHand(sku, onHand);
    const file = this.stockChanged([sku])!;
    return { ...row, file };
  }

  /** Takes in every complete file waiting in `to-warehouse/`. */
  async processInbox(): Promise<number> {
    if (this.inboxBusy || this.paused) return 0;
    this.inboxBusy = true;
    try {
      const names = this.folders.files(this.folders.toWarehouse);
      for (const name of names) this.takeIn(name);
      return names.length;
    } finally {
      this.inboxBusy = false;
    }
  }

  private takeIn(name: string): void {
    const text = readFileSync(join(this.folders.toWarehouse, name), 'utf8');
    let inbound;
    try {
      inbound = readInbound(text, this.config);
    } catch (error) {
      if (!(error instanceof InboundRejected)) throw error;
      this.inboxErrors++;
      this.folders.retire(name, 'error');
      this.log?.warn({ file: name, code: error.code, reason: error.message }, 'EDI file refused');
      return;
    }
    if (!this.book.firstSight(inbound.interchangeKey)) {
      this.duplicateInterchanges++;
      this.folders.retire(name, 'archive');
      this.log?.warn({ file: name, interchange: inbound.interchangeKey }, 'duplicate interchange ignored');
      return;
    }
    if (inbound.acks.length > 0) this.send('FA', inbound.acks.map(functionalAck), '997');
    for (const ack of inbound.ackedGroups) this.book.ackReceived(ack.groupControlNumber, ack.code);
    for (const order of inbound.orders) {
      const accepted = this.book.accept(order, inbound.interchangeKey, new Date());
      if (!accepted) {
        this.log?.warn({ file: name, orderReference: order.orderReference }, 'duplicate 940 ignored: order number already received');
        continue;
      }
      this.stockChanged(accepted.changed);
      this.schedulePick(order.orderReference);
    }
    this.folders.retire(name, 'archive');
  }

  private schedulePick(reference: string): void {
    const timer = setTimeout(() => {
      this.picks.delete(reference);
      if (this.paused) return this.schedulePick(reference);
      try {
        this.ship(reference);
      } catch (error) {
        this.log?.error({ err: error, orderReference: reference }, 'shipping failed');
      }
    }, this.config.pickDelayMs);
    timer.unref();
    this.picks.set(reference, timer);
  }

  /** Packs what was reserved, books it out, and sends the 945 and the 846. */
  ship(reference: string): string {
    const order = this.book.order(reference)!;
    const shipmentId = this.book.nextShipmentId();
    const shippedAt = new Date();
    const shippedAny = order.lines.some((l) => l.allocated > 0);
    const carrier = shippedAny ? chooseCarrier(order.routing, order.shipTo.countryCode, reference) : null;
    const tracking = carrier ? trackingNumber(carrier, shipmentId) : null;
    const advice: ShippingAdviceInput = {
      orderReference: reference, purchaseOrder: order.purchaseOrder, shipmentId, shippedAt, shipFrom: this.site, shipTo: order.shipTo,
      carrier: carrier ? { name: carrier.name, scac: carrier.scac } : null, trackingNumber: tracking,
      lines: order.lines.map((l) => ({ sku: l.sku, ordered: l.quantity, shipped: l.allocated, unknown: !l.known })),
      weightKg: order.lines.reduce((kg, l) => kg + ((this.variants.get(l.sku)?.weightGrams ?? 0) * l.allocated) / 1000, 0),
    };
    const file = this.send('SW', [shippingAdvice(advice)], '945');
    const { changed } = this.book.ship(reference, { shipmentId, shippedAt: shippedAt.toISOString(), carrier: carrier?.name ?? null, trackingNumber: tracking, file });
    this.stockChanged(changed);
    return file;
  }

  /** History copies older than the retention window go (by when they were written). */
  private pruneHistory(): void {
    const cutoff = Date.now() - this.config.historyDays * DAY;
    for (const name of readdirSync(this.folders.history)) {
      const path = join(this.folders.history, name);
      if (statSync(path).mtimeMs < cutoff) unlinkSync(path);
    }
  }

  status() {
    return {
      warehouse: this.site,
      interchangeIds: { warehouse: this.config.warehouseId, partner: this.config.partnerId },
      exchangeDir: this.config.exchangeDir,
      paused: this.paused,
      stock: {
        skus: this.book.stock().length,
        unitsOnHand: this.book.stock().reduce((n, [, r]) => n + r.onHand, 0),
        unitsCommitted: this.book.stock().reduce((n, [, r]) => n + r.committed, 0),
      },
      orders: this.book.counters(),
      files: {
        waitingForWarehouse: this.folders.files(this.folders.toWarehouse).length,
        waitingForPartner: this.folders.files(this.folders.fromWarehouse).length,
        inHistory: this.folders.files(this.folders.history).length,
        refused: this.inboxErrors,
        duplicateInterchanges: this.duplicateInterchanges,
      },
      lastSnapshot: this.lastSnapshot,
      controlNumbers: this.controls.current(),
    };
  }
}
