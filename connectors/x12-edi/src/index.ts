import type { Logger } from 'pino';
import type {
  CreatedFulfilmentOrder, FulfilmentOrderRecord, FulfilmentOrderRequest, PersonDataExport, PersonErasure, ShipmentRecord, StockRecord,
} from '@ucg/connector-core';
import { resolveEdiConfig, type EdiConfig, type ResolvedEdiConfig } from './config.ts';
import { ControlNumberStore } from './control-numbers.ts';
import { LocalFolderExchange, type FileExchange } from './file-exchange.ts';
import { processInbound, readHistory, type EdiMessage, type InboundDeps } from './inbound.ts';
import { orderRecord, sendAck, sendOrder, type OutboundDeps } from './outbound.ts';
import { erasePerson, exportPerson, type PersonLookup } from './privacy.ts';
import { ConnectorState, type SentOrder } from './state.ts';
import { assertShippable } from './x12/write-940.ts';

export { ediConfigSchema, ediConfigFromEnv, type EdiConfig } from './config.ts';
export { EdiError, isEdiError, type EdiErrorCode } from './errors.ts';
export { LocalFolderExchange, type FileExchange, type ExchangeEntry } from './file-exchange.ts';
export { HistoryOnlyExchange } from './history-only-exchange.ts';
export { ControlNumberStore } from './control-numbers.ts';
export type { EdiMessage } from './inbound.ts';
export type { PersonLookup } from './privacy.ts';
export type { AckStatus, SentOrder } from './state.ts';
export type { AckError } from './x12/read-997.ts';

export interface EdiConnectorOptions {
  /** Where the partner's files are; defaults to the local folder at `config.exchangeDir`. */
  exchange?: FileExchange;
  logger?: Logger;
}

export interface WatchOptions {
  /** @default config.pollIntervalMs */
  intervalMs?: number;
  onMessage?: (message: EdiMessage) => void;
  signal?: AbortSignal;
}

export interface EdiWatch {
  /** Resolves once the loop has stopped (after any poll in progress). */
  stop(): Promise<void>;
}

/** What the warehouse said about a 940 we sent. */
export interface ShippingOrderAck {
  referenceId: string;
  sentAt: string;
  file: string;
  status: SentOrder['ack']['status'];
  errors: SentOrder['ack']['errors'];
  setErrorCodes: string[];
}

/**
 * The EU 3PL, which speaks only X12 004010 files. Outbound: 940 shipping orders (idempotent by order
 * reference) and 997s. Inbound, by `poll()`/`watch()`: 846 stock (snapshot + item changes), 945
 * shipments, 997 verdicts on our 940s; plus a one-time backfill of shipments from the warehouse's
 * history folder. All state (ledger, stock, shipments, control numbers) lives in `stateDir`.
 */
export class EdiConnector {
  readonly config: Readonly<ResolvedEdiConfig>;
  readonly exchange: FileExchange;
  private readonly state: ConnectorState;
  private readonly controls: ControlNumberStore;
  private readonly listeners = new Set<(m: EdiMessage) => void>();
  private readonly sending = new Map<string, Promise<CreatedFulfilmentOrder>>();
  private polling: Promise<EdiMessage[]> | undefined;
  private historyRead = false;
  private readonly log: Logger | undefined;

  constructor(config: EdiConfig, options: EdiConnectorOptions = {}) {
    this.config = resolveEdiConfig(config);
    this.exchange = options.exchange ?? new LocalFolderExchange(this.config.exchangeDir);
    this.log = options.logger?.child({ connector: '3pl-eu' });
    this.state = new ConnectorState(this.config.stateDir);
    this.controls = new ControlNumberStore(this.config.stateDir);
  }

  private get outbound(): OutboundDeps {
    return { config: this.config, exchange: this.exchange, controls: this.controls, state: this.state };
  }

  private get inbound(): InboundDeps {
    return { config: this.config, exchange: this.exchange, state: this.state, log: this.log, acknowledge: (groups) => sendAck(this.outbound, groups) };
  }

  /**
   * Hands an order to the warehouse as a 940. Idempotent by `referenceId`: an order already sent
   * (and not rejected by the warehouse's 997) is not sent again; `created` is false and the order's
   * current state is returned. A rejected order is sent again with new control numbers. The warehouse
   * also de-duplicates by the same number (W05 02), which covers a crash between writing the file
   * and recording it.
   */
  async sendShippingOrder(order: FulfilmentOrderRequest): Promise<CreatedFulfilmentOrder> {
    assertShippable(order);
    const inFlight = this.sending.get(order.referenceId);
    if (inFlight) return inFlight.then((r) => ({ ...r, created: false }));
    const work = (async () => {
      const existing = this.state.ledger.sent[order.referenceId];
      if (existing && existing.ack.status !== 'REJECTED') return { order: this.record(existing), created: false };
      const sent = await sendOrder(this.outbound, order, (existing?.attempts ?? 0) + 1);
      this.log?.info({ referenceId: order.referenceId, file: sent.file, interchange: sent.controls.interchange }, '940 sent');
      return { order: this.record(sent), created: true };
    })();
    this.sending.set(order.referenceId, work);
    try {
      return await work;
    } finally {
      this.sending.delete(order.referenceId);
    }
  }

  private record(sent: SentOrder): FulfilmentOrderRecord {
    return orderRecord(sent, this.state.shipments((s) => s.orderNativeId === sent.referenceId));
  }

  /** A 940 we sent, with its status and shipments; null if never sent. */
  async shippingOrder(referenceId: string): Promise<FulfilmentOrderRecord | null> {
    const sent = this.state.ledger.sent[referenceId];
    return sent ? this.record(sent) : null;
  }

  /** The warehouse's 997 verdict on a 940 we sent (PENDING until it arrives); null if never sent. */
  async shippingOrderAck(referenceId: string): Promise<ShippingOrderAck | null> {
    const sent = this.state.ledger.sent[referenceId];
    if (!sent) return null;
    return { referenceId, sentAt: sent.sentAt, file: sent.file, status: sent.ack.status, errors: sent.ack.errors, setErrorCodes: sent.ack.setErrorCodes };
  }

  /** Registers a listener for everything `poll()` processes; returns the unsubscribe function. */
  onMessage(listener: (message: EdiMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Processes the warehouse's new files once (and, on the first call, backfills from its history
   * folder). Concurrent calls share one pass. A malformed file never fails the pass: it is moved
   * to the error folder and reported as a `rejected-file` message. An unreachable exchange throws
   * a ConnectorError (UPSTREAM_UNAVAILABLE).
   */
  poll(): Promise<EdiMessage[]> {
    this.polling ??= (async () => {
      try {
        const messages = this.historyRead ? [] : await readHistory(this.inbound);
        this.historyRead = true;
        messages.push(...(await processInbound(this.inbound)));
        this.state.pruneProcessed(this.config.duplicateWindowDays);
        this.state.save();
        for (const message of messages) {
          for (const listener of this.listeners) {
            try {
              listener(message);
            } catch (error) {
              this.log?.error({ err: error }, 'EDI message listener failed');
            }
          }
        }
        return messages;
      } finally {
        this.polling = undefined;
      }
    })();
    return this.polling;
  }

  /**
   * Polls until stopped. Errors are logged and the loop goes on (the next pass retries), so a
   * subscriber such as the inventory subgraph's cache sees stock changes within one interval.
   */
  watch(options: WatchOptions = {}): EdiWatch {
    const interval = options.intervalMs ?? this.config.pollIntervalMs;
    const unsubscribe = options.onMessage ? this.onMessage(options.onMessage) : () => false;
    let stopped = false;
    let wake: (() => void) | undefined;
    const stop = () => {
      stopped = true;
      wake?.();
    };
    if (options.signal?.aborted) stop();
    options.signal?.addEventListener('abort', stop, { once: true });
    const loop = (async () => {
      while (!stopped) {
        try {
          await this.poll();
        } catch (error) {
          this.log?.error({ err: error, code: (error as { code?: string }).code }, 'EDI poll failed; retrying');
        }
        if (stopped) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, interval);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      unsubscribe();
    })();
    return {
      async stop() {
        stop();
        await loop;
      },
    };
  }

  /** Stock at VEN1 from the latest 846 snapshot plus the changes after it (all SKUs, or those asked for). */
  async currentStock(skus?: readonly string[]): Promise<StockRecord[]> {
    return this.state.stock(skus);
  }

  /** Shipments the warehouse reported (945s, live and history) for the given order references. */
  async shipmentsForOrders(orderReferences: readonly string[]): Promise<ShipmentRecord[]> {
    const wanted = new Set(orderReferences);
    return this.state.shipments((s) => wanted.has(s.orderNativeId)).sort((a, b) => (a.shippedAt ?? '').localeCompare(b.shippedAt ?? ''));
  }

  /** See privacy.ts: the 940s we sent for the person and the 945s about their orders. */
  exportPerson(email: string, lookup: PersonLookup = {}): Promise<PersonDataExport> {
    return exportPerson(this.privacy, email, lookup);
  }

  /** See privacy.ts: redacts our copies; RETAINED, because the 3PL keeps its own under retention law. */
  erasePerson(email: string, lookup: PersonLookup = {}): Promise<PersonErasure> {
    return erasePerson(this.privacy, email, lookup);
  }

  private get privacy() {
    return { state: this.state, exchange: this.exchange, readOnlyFolders: [this.config.folders.history] };
  }

  /** Waits for a poll in progress; the connector holds no other resources. */
  async close(): Promise<void> {
    await this.polling?.catch(() => undefined);
  }
}
