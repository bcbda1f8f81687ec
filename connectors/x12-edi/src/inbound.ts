import { posix } from 'node:path';
import type { Logger } from 'pino';
import type { ShipmentRecord, StockRecord } from '@ucg/connector-core';
import type { ResolvedEdiConfig } from './config.ts';
import { EdiError, isEdiError } from './errors.ts';
import type { ExchangeEntry, FileExchange } from './file-exchange.ts';
import type { AckStatus, ConnectorState } from './state.ts';
import { parseInterchanges, type ReceivedInterchange } from './x12/envelope.ts';
import { read846 } from './x12/read-846.ts';
import { read945 } from './x12/read-945.ts';
import { read997, type AckError } from './x12/read-997.ts';
import type { ReceivedGroup } from './x12/write-997.ts';

/** What processing the warehouse's files produced, for `onMessage` listeners and `watch()`. */
export type EdiMessage =
  | { type: 'stock'; file: string; kind: 'snapshot' | 'change'; asOf: string; records: StockRecord[] }
  | { type: 'shipment'; file: string; shipment: ShipmentRecord }
  | { type: 'ack'; file: string; referenceId: string; status: AckStatus; errors: AckError[] }
  | { type: 'rejected-file'; file: string; error: EdiError };

export interface InboundDeps {
  config: Readonly<ResolvedEdiConfig>;
  exchange: FileExchange;
  state: ConnectorState;
  /** Sends one 997 interchange for the groups given. */
  acknowledge(groups: ReceivedGroup[]): Promise<unknown>;
  log?: Logger;
}

type Effect = () => EdiMessage[];

const ackStatus = (code: string): AckStatus => (code === 'A' ? 'ACCEPTED' : code === 'E' ? 'ACCEPTED_WITH_ERRORS' : 'REJECTED');

/**
 * Reads every transaction of an interchange into effects without touching state, so that a file
 * either applies completely or (on any mapping error) not at all.
 */
function effectsOf(received: ReceivedInterchange, file: string, archivedAs: string, deps: InboundDeps): { effects: Effect[]; acks: ReceivedGroup[] } {
  const { state, config } = deps;
  const effects: Effect[] = [];
  const acks: ReceivedGroup[] = [];
  for (const group of received.interchange.functionalGroups) {
    const functionalId = group.header.valueOf(1, '')!;
    const expected = { IB: '846', SW: '945', FA: '997' }[functionalId];
    if (!expected) throw new EdiError('EDI_UNSUPPORTED_DOCUMENT', `${file}: functional group ${functionalId} is not one this connector processes`, file);
    for (const transaction of group.transactions) {
      const setId = transaction.header.valueOf(1, '')!;
      if (setId !== expected) throw new EdiError('EDI_UNSUPPORTED_DOCUMENT', `${file}: transaction set ${setId} in a ${functionalId} group`, file);
      try {
        if (setId === '846') {
          const advice = read846(transaction, config.locationNativeId);
          effects.push(() => [{ type: 'stock', file, kind: advice.kind, asOf: advice.asOf, records: state.applyStock(advice.kind, advice.asOf, received.controlNumber, advice.records) }]);
        } else if (setId === '945') {
          const { shipment } = read945(transaction, config.locationNativeId);
          effects.push(() => {
            state.putShipment(shipment, archivedAs);
            return [{ type: 'shipment', file, shipment }];
          });
        } else {
          const ack = read997(transaction);
          effects.push(() => applyAck(ack, file, state));
        }
      } catch (cause) {
        throw new EdiError('EDI_PARSE_FAILED', `${file}: ${setId} ${transaction.header.valueOf(2)} cannot be mapped: ${(cause as Error).message}`, file, { cause });
      }
    }
    if (functionalId !== 'FA') {
      acks.push({
        functionalId,
        groupControlNumber: group.header.valueOf(6, '')!,
        sets: group.transactions.map((t) => ({ setId: t.header.valueOf(1, '')!, controlNumber: t.header.valueOf(2, '')! })),
      });
    }
  }
  return { effects, acks };
}

/** Marks the 940s a 997 speaks about as accepted or rejected (matched by GS06 and ST02). */
function applyAck(ack: ReturnType<typeof read997>, file: string, state: ConnectorState): EdiMessage[] {
  if (ack.functionalId !== 'OW') return [];
  const messages: EdiMessage[] = [];
  for (const sent of Object.values(state.ledger.sent)) {
    if (sent.controls.group !== ack.groupControlNumber) continue;
    const set = ack.sets.find((s) => s.controlNumber === sent.controls.transaction);
    // A group-level rejection (AK9 R) without set detail rejects every set in it.
    const code = set?.code || (ack.code === 'R' ? 'R' : ack.code === 'A' ? 'A' : '');
    if (!code) continue;
    sent.ack = { status: ackStatus(code), at: new Date().toISOString(), file, errors: set?.errors ?? [], setErrorCodes: set?.setErrorCodes ?? ack.groupErrorCodes };
    state.touch('ledger');
    messages.push({ type: 'ack', file, referenceId: sent.referenceId, status: sent.ack.status, errors: sent.ack.errors });
  }
  return messages;
}

/**
 * One pass over the warehouse's outbox: every complete file is parsed, files are taken in the order
 * of their interchange control numbers, each is applied (stock, shipments, 940 status), answered
 * with a 997 where one is due, recorded, and moved to `archive/<day>/`. A file that cannot be read
 * moves to `error/` with an EDI_PARSE_FAILED log line naming it; the pass carries on.
 */
export async function processInbound(deps: InboundDeps): Promise<EdiMessage[]> {
  const { exchange, config, state, log } = deps;
  const inbound = config.folders.inbound;
  const entries = await exchange.list(inbound);
  const messages: EdiMessage[] = [];
  const readable: { entry: ExchangeEntry; received: ReceivedInterchange[] }[] = [];
  for (const entry of entries) {
    try {
      const received = parseInterchanges(await exchange.read(entry.path), entry.path);
      for (const r of received) {
        if (r.receiver !== config.retailerId || r.sender !== config.warehouseId) {
          throw new EdiError('EDI_NOT_FOR_US', `${entry.path}: interchange from ${r.sender} to ${r.receiver}, expected ${config.warehouseId} to ${config.retailerId}`, entry.path);
        }
      }
      readable.push({ entry, received });
    } catch (error) {
      messages.push(await reject(deps, entry, error));
    }
  }
  readable.sort((a, b) => (a.received[0]?.controlNumber ?? 0) - (b.received[0]?.controlNumber ?? 0));

  for (const { entry, received } of readable) {
    const archivedAs = posix.join(inbound, 'archive', new Date().toISOString().slice(0, 10), entry.name);
    try {
      const fresh = received.filter((r) => !state.ledger.processed[r.key]);
      if (fresh.length < received.length) log?.warn({ file: entry.path, interchanges: received.map((r) => r.key) }, 'interchange already processed; archiving the duplicate');
      const read = fresh.map((r) => effectsOf(r, entry.path, archivedAs, deps));
      for (const { effects } of read) for (const effect of effects) messages.push(...effect());
      const acks = read.flatMap((r) => r.acks);
      if (acks.length > 0) await deps.acknowledge(acks);
      for (const r of fresh) state.ledger.processed[r.key] = { file: entry.path, archivedAs, at: new Date().toISOString() };
      state.touch('ledger');
      state.save();
      await exchange.move(entry.path, archivedAs);
    } catch (error) {
      if (!isEdiError(error)) throw error;
      messages.push(await reject(deps, entry, error));
    }
  }
  return messages;
}

async function reject(deps: InboundDeps, entry: ExchangeEntry, error: unknown): Promise<EdiMessage> {
  if (!isEdiError(error)) throw error;
  const target = posix.join(deps.config.folders.inbound, 'error', entry.name);
  await deps.exchange.move(entry.path, target);
  deps.log?.error({ code: error.code, system: '3pl-eu', file: entry.path, movedTo: target, reason: error.message }, `${error.code}: ${entry.path} moved to ${target}`);
  return { type: 'rejected-file', file: entry.path, error };
}

/**
 * Backfills shipments from the warehouse's `history/` folder (its retention copies of the 945s it
 * sent before we were connected, and since). Read-only: nothing is moved or acknowledged there, the
 * originals were acknowledged when they were first delivered. Each file is read once.
 */
export async function readHistory(deps: InboundDeps): Promise<EdiMessage[]> {
  const { exchange, config, state, log } = deps;
  const seen = new Set(state.ledger.historyRead);
  const messages: EdiMessage[] = [];
  for (const entry of await exchange.list(config.folders.history)) {
    if (seen.has(entry.name)) continue;
    state.ledger.historyRead.push(entry.name);
    state.touch('ledger');
    try {
      for (const received of parseInterchanges(await exchange.read(entry.path), entry.path)) {
        for (const transaction of received.interchange.functionalGroups.flatMap((g) => g.transactions)) {
          if (transaction.header.valueOf(1) !== '945') continue;
          const { shipment } = read945(transaction, config.locationNativeId);
          if (state.shipmentSource(shipment.nativeId)) continue;
          state.putShipment(shipment, entry.path);
          messages.push({ type: 'shipment', file: entry.path, shipment });
        }
      }
    } catch (error) {
      const code = isEdiError(error) ? error.code : 'EDI_PARSE_FAILED';
      log?.error({ code, system: '3pl-eu', file: entry.path, reason: (error as Error).message }, `${code}: history file ${entry.path} skipped`);
    }
  }
  state.save();
  return messages;
}
