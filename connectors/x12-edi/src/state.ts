import { join } from 'node:path';
import type { PostalAddress, ShipmentRecord, StockRecord } from '@ucg/connector-core';
import { readJson, writeFileAtomic } from './local-files.ts';
import type { AckError } from './x12/read-997.ts';

export type AckStatus = 'PENDING' | 'ACCEPTED' | 'ACCEPTED_WITH_ERRORS' | 'REJECTED';

/** One 940 we sent, as the sent-ledger remembers it. */
export interface SentOrder {
  referenceId: string;
  orderNumber: string | null;
  purchasedAt: string | null;
  /** Exchange path of the 940 and its local copy. */
  file: string;
  copy: string;
  sentAt: string;
  attempts: number;
  controls: { interchange: number; group: number; transaction: string };
  ack: { status: AckStatus; at: string | null; file: string | null; errors: AckError[]; setErrorCodes: string[] };
  /** What we told the warehouse (name, address) plus the e-mail we kept to answer access requests. */
  recipient: { name: string; email: string | null; address: PostalAddress };
  lines: { sku: string; name: string; quantity: number }[];
  erasedAt?: string;
}

/** A processed interchange (by sender:ISA13), kept for the duplicate window. */
export interface ProcessedInterchange {
  file: string;
  archivedAs: string | null;
  at: string;
}

interface Ledger {
  sent: Record<string, SentOrder>;
  processed: Record<string, ProcessedInterchange>;
  /** History files already read, by name. */
  historyRead: string[];
}

interface StockFile {
  snapshotAsOf: string | null;
  /** Per SKU: the record and the interchange control number it came in, to order equal timestamps. */
  items: Record<string, { record: StockRecord; icn: number }>;
}

interface ShipmentsFile {
  /** By shipment id. */
  byId: Record<string, ShipmentRecord>;
  /** Where each shipment's 945 now lies (for access and erasure requests). */
  sources: Record<string, string>;
}

/**
 * The connector's memory on its own disk: the sent-ledger (940s and their 997 status), the
 * interchanges already processed, stock as of the latest snapshot plus later changes, and
 * shipments. Three files, each rewritten atomically only when it changed.
 */
export class ConnectorState {
  private readonly paths: { ledger: string; stock: string; shipments: string };
  ledger: Ledger;
  private stockFile: StockFile;
  private shipmentsFile: ShipmentsFile;
  private readonly dirty = new Set<'ledger' | 'stock' | 'shipments'>();

  constructor(stateDir: string) {
    this.paths = { ledger: join(stateDir, 'ledger.json'), stock: join(stateDir, 'stock.json'), shipments: join(stateDir, 'shipments.json') };
    this.ledger = readJson<Ledger>(this.paths.ledger, { sent: {}, processed: {}, historyRead: [] });
    this.stockFile = readJson<StockFile>(this.paths.stock, { snapshotAsOf: null, items: {} });
    this.shipmentsFile = readJson<ShipmentsFile>(this.paths.shipments, { byId: {}, sources: {} });
  }

  touch(part: 'ledger' | 'stock' | 'shipments'): void {
    this.dirty.add(part);
  }

  save(): void {
    if (this.dirty.has('ledger')) writeFileAtomic(this.paths.ledger, JSON.stringify(this.ledger));
    if (this.dirty.has('stock')) writeFileAtomic(this.paths.stock, JSON.stringify(this.stockFile));
    if (this.dirty.has('shipments')) writeFileAtomic(this.paths.shipments, JSON.stringify(this.shipmentsFile));
    this.dirty.clear();
  }

  /** Forgets processed-interchange keys older than the duplicate window. */
  pruneProcessed(windowDays: number, now = Date.now()): void {
    const cutoff = now - windowDays * 86_400_000;
    for (const [key, entry] of Object.entries(this.ledger.processed)) {
      if (Date.parse(entry.at) < cutoff) {
        delete this.ledger.processed[key];
        this.touch('ledger');
      }
    }
  }

  /**
   * Applies an 846. A level replaces the one held only if it is newer (later as-of, or the same
   * as-of in a later interchange), so files read out of order cannot roll stock back. A snapshot
   * also drops SKUs it no longer lists, unless they changed after it.
   */
  applyStock(kind: 'snapshot' | 'change', asOf: string, icn: number, records: StockRecord[]): StockRecord[] {
    const newer = (held: { record: StockRecord; icn: number } | undefined, at: string) =>
      !held || at > held.record.asOf || (at === held.record.asOf && icn > held.icn);
    const applied = records.filter((r) => newer(this.stockFile.items[r.sku], r.asOf));
    for (const record of applied) this.stockFile.items[record.sku] = { record, icn };
    if (kind === 'snapshot' && (!this.stockFile.snapshotAsOf || asOf >= this.stockFile.snapshotAsOf)) {
      const listed = new Set(records.map((r) => r.sku));
      for (const [sku, held] of Object.entries(this.stockFile.items)) {
        if (!listed.has(sku) && held.record.asOf < asOf) delete this.stockFile.items[sku];
      }
      this.stockFile.snapshotAsOf = asOf;
    }
    this.touch('stock');
    return applied;
  }

  stock(skus?: readonly string[]): StockRecord[] {
    const items = this.stockFile.items;
    const wanted = skus ?? Object.keys(items).sort();
    return wanted.flatMap((sku) => (items[sku] ? [items[sku].record] : []));
  }

  get snapshotAsOf(): string | null {
    return this.stockFile.snapshotAsOf;
  }

  putShipment(shipment: ShipmentRecord, source: string): void {
    this.shipmentsFile.byId[shipment.nativeId] = shipment;
    this.shipmentsFile.sources[shipment.nativeId] = source;
    this.touch('shipments');
  }

  shipments(filter: (s: ShipmentRecord) => boolean): ShipmentRecord[] {
    return Object.values(this.shipmentsFile.byId).filter(filter);
  }

  shipmentSource(nativeId: string): string | undefined {
    return this.shipmentsFile.sources[nativeId];
  }
}
