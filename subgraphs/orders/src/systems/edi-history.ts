import type { ShipmentRecord } from '@ucg/connector-core';
import { EdiConnector, HistoryOnlyExchange, LocalFolderExchange, type FileExchange } from '@ucg/connector-x12-edi';
import type { Logger } from '@ucg/service-kit';

/** The warehouse's retention folder of every 945 it sent (the connector's default `folders.history`). */
const HISTORY = 'history';


export interface EdiShipmentsOptions {
  exchangeDir: string;
  stateDir: string;
  /** New history files are looked for at most this often. */
  refreshMs: number;
  logger?: Logger;
}

/**
 * Shipments the EU warehouse reported, from its history folder (a copy of every 945, old and new).
 * The connector backfills history once per instance; to see 945s written later, a fresh instance
 * over the same state folder is made when the folder lists a file not yet read (it reads only
 * those, its ledger remembers the rest).
 */
export class EdiShipments {
  private readonly files: FileExchange;
  private connector: EdiConnector;
  private readonly seen = new Set<string>();
  /** When the folder was last listed by a pass that completed. */
  private listedAt = 0;
  private polled = false;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(private readonly options: EdiShipmentsOptions) {
    this.files = new LocalFolderExchange(options.exchangeDir);
    this.connector = this.create();
  }

  private create(): EdiConnector {
    const { exchangeDir, stateDir, logger } = this.options;
    return new EdiConnector({ exchangeDir, stateDir }, { exchange: new HistoryOnlyExchange(this.files, 'the orders subgraph'), ...(logger ? { logger } : {}) });
  }

  /**
   * Reads history files not seen yet. A caller is answered from a listing of the folder taken at
   * most `refreshMs` before it asked: it waits for a pass in progress if that pass's listing is
   * recent enough, else for one more pass queued right after it (files written while a pass ran
   * are not in its listing).
   */
  refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.listedAt < this.options.refreshMs) return this.running ?? Promise.resolve();
    if (this.queued) return this.queued;
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    this.queued = this.running.catch(() => undefined).then(() => {
      this.queued = undefined;
      return this.refresh(true);
    });
    return this.queued;
  }

  private async pass(): Promise<void> {
    const listedAt = Date.now();
    const listed = await this.files.list(HISTORY);
    if (listed.some((e) => !this.seen.has(e.name)) || !this.polled) {
      const next = this.polled ? this.create() : this.connector;
      await next.poll();
      this.connector = next;
      this.polled = true;
      for (const e of listed) this.seen.add(e.name);
    }
    this.listedAt = listedAt;
  }

  /** The warehouse's shipments of these orders (by depositor order number), oldest first. */
  async shipmentsForOrders(numbers: readonly string[]): Promise<ShipmentRecord[]> {
    if (numbers.length === 0) return [];
    await this.refresh();
    return this.connector.shipmentsForOrders(numbers);
  }

  close(): Promise<void> {
    return this.connector.close();
  }
}
