import type { X12FunctionalGroup, X12Interchange, X12Transaction } from 'node-x12';
import { read940, type ShippingOrder } from './doc-940.ts';
import { readFunctionalAck, type GroupResult, type ReceivedAck, type SetResult } from './doc-997.ts';
import { readInterchange } from './x12-envelope.ts';

/** Why a file could not be taken in at all (it goes to `to-warehouse/error/`, no 997 is possible). */
export class InboundRejected extends Error {
  constructor(readonly code: 'EDI_UNREADABLE' | 'EDI_NOT_FOR_US' | 'EDI_ENVELOPE_BROKEN', message: string) {
    super(message);
    this.name = 'InboundRejected';
  }
}

export interface Inbound {
  /** sender:ISA13, the key X12 partners de-duplicate interchanges on. */
  interchangeKey: string;
  /** One 997 per received 940 group. */
  acks: GroupResult[];
  /** 940s that passed validation, in file order. */
  orders: ShippingOrder[];
  /** What the partner's 997s said about the warehouse's own groups. */
  ackedGroups: ReceivedAck[];
}

const supportedGroups: Record<string, string> = { OW: '940', FA: '997' };

/**
 * Reads one file the partner dropped. Envelope and content problems of a 940 group are answered in
 * its 997 (AK3/AK4/AK5/AK9); only a file that is not an interchange for this warehouse is refused.
 */
export function readInbound(text: string, ids: { warehouseId: string; partnerId: string }): Inbound {
  let interchange: X12Interchange;
  try {
    interchange = readInterchange(text);
  } catch (error) {
    throw new InboundRejected('EDI_UNREADABLE', (error as Error).message);
  }
  const sender = interchange.header.valueOf(6, '')!.trim();
  const receiver = interchange.header.valueOf(8, '')!.trim();
  if (receiver !== ids.warehouseId || sender !== ids.partnerId) {
    throw new InboundRejected('EDI_NOT_FOR_US', `interchange from "${sender}" to "${receiver}" is not from ${ids.partnerId} to ${ids.warehouseId}`);
  }
  const trailer = interchange.trailer;
  if (!trailer || Number(trailer.valueOf(1)) !== interchange.functionalGroups.length || Number(trailer.valueOf(2)) !== Number(interchange.header.valueOf(13))) {
    throw new InboundRejected('EDI_ENVELOPE_BROKEN', 'IEA is missing or does not match the ISA and its groups (a TA1 would be due)');
  }

  const result: Inbound = { interchangeKey: `${sender}:${Number(interchange.header.valueOf(13))}`, acks: [], orders: [], ackedGroups: [] };
  for (const group of interchange.functionalGroups) {
    const functionalId = group.header.valueOf(1, '')!;
    if (functionalId === 'FA') {
      for (const t of group.transactions) {
        const ack = readFunctionalAck(t);
        if (ack) result.ackedGroups.push(ack);
      }
      continue;
    }
    const groupErrorCodes = groupProblems(group);
    const sets = group.transactions.map((t) => readSet(t, supportedGroups[functionalId] ?? '', result.orders, groupErrorCodes.length === 0));
    result.acks.push({
      functionalId,
      groupControlNumber: group.header.valueOf(6, '')!,
      includedCount: Number(group.trailer?.valueOf(1) ?? group.transactions.length),
      sets,
      groupErrorCodes,
    });
  }
  return result;
}

/** AK9 error codes for a group's envelope. */
function groupProblems(group: X12FunctionalGroup): string[] {
  const codes: string[] = [];
  if (!supportedGroups[group.header.valueOf(1, '')!]) codes.push('1');
  if (!group.header.valueOf(8, '')!.startsWith('00401')) codes.push('2');
  if (!group.trailer) codes.push('3');
  else {
    if (group.trailer.valueOf(2) !== group.header.valueOf(6)) codes.push('4');
    if (Number(group.trailer.valueOf(1)) !== group.transactions.length) codes.push('5');
  }
  return codes;
}

/** Checks one transaction set's envelope and, for a 940, its content; accepted orders are collected. */
function readSet(transaction: X12Transaction, expectedId: string, orders: ShippingOrder[], groupOk: boolean): SetResult {
  const setId = transaction.header.valueOf(1, '')!;
  const controlNumber = transaction.header.valueOf(2, '')!;
  const setErrorCodes: string[] = [];
  if (setId !== expectedId) setErrorCodes.push('1');
  if (!transaction.trailer) setErrorCodes.push('2');
  else {
    if (transaction.trailer.valueOf(2) !== controlNumber) setErrorCodes.push('3');
    if (Number(transaction.trailer.valueOf(1)) !== transaction.segments.length + 2) setErrorCodes.push('4');
  }
  if (setId !== '940') return { setId, controlNumber, segmentErrors: [], setErrorCodes };
  const read = read940(transaction);
  if (!read.ok) setErrorCodes.push('5');
  if (read.ok && setErrorCodes.length === 0 && groupOk) orders.push(read.order);
  return { setId, controlNumber, segmentErrors: read.ok ? [] : read.errors, setErrorCodes };
}
