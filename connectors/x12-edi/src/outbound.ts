import { join, posix } from 'node:path';
import type { FulfilmentOrderRecord, FulfilmentOrderRequest, FulfilmentOrderStatus, ShipmentRecord } from '@ucg/connector-core';
import type { ResolvedEdiConfig } from './config.ts';
import type { ControlNumberStore } from './control-numbers.ts';
import type { FileExchange } from './file-exchange.ts';
import { writeFileAtomic } from './local-files.ts';
import type { ConnectorState, SentOrder } from './state.ts';
import { buildInterchange, type OutboundSet } from './x12/envelope.ts';
import { shippingOrder940 } from './x12/write-940.ts';
import { functionalAck997, type ReceivedGroup } from './x12/write-997.ts';

export interface OutboundDeps {
  config: Readonly<ResolvedEdiConfig>;
  exchange: FileExchange;
  controls: ControlNumberStore;
  state: ConnectorState;
}

const stamp = (at: Date) => at.toISOString().replace(/[-:.TZ]/g, '');

/**
 * Sends one interchange: control numbers first (durable before use), then the file into the
 * warehouse's inbox (atomically), then a copy on our own disk (the outbound archive).
 */
async function send(deps: OutboundDeps, functionalId: string, kind: string, sets: OutboundSet[]) {
  const { config } = deps;
  const at = new Date();
  const controls = deps.controls.next();
  const text = buildInterchange({
    parties: { qualifier: config.idQualifier, sender: config.retailerId, receiver: config.warehouseId },
    functionalId, sets, controls, at, usageIndicator: config.usageIndicator,
  });
  const name = `${kind}_${stamp(at)}_${String(controls.interchange).padStart(9, '0')}.edi`;
  const path = posix.join(config.folders.outbound, name);
  await deps.exchange.writeAtomic(path, text);
  const copy = join(config.stateDir, 'sent', at.toISOString().slice(0, 10), name);
  writeFileAtomic(copy, text);
  return { path, copy, controls, at };
}

/** Writes the 940 for an order and records it in the sent-ledger. */
export async function sendOrder(deps: OutboundDeps, order: FulfilmentOrderRequest, attempts: number): Promise<SentOrder> {
  const sent = await send(deps, 'OW', '940', [shippingOrder940(order)]);
  const a = order.recipient.address;
  const entry: SentOrder = {
    referenceId: order.referenceId,
    orderNumber: order.orderNumber ?? null,
    purchasedAt: order.purchasedAt ?? null,
    file: sent.path,
    copy: sent.copy,
    sentAt: sent.at.toISOString(),
    attempts,
    controls: { interchange: sent.controls.interchange, group: sent.controls.group, transaction: '0001' },
    ack: { status: 'PENDING', at: null, file: null, errors: [], setErrorCodes: [] },
    recipient: {
      name: order.recipient.name,
      email: order.recipient.email ?? null,
      address: { line1: a.line1, line2: a.line2 ?? null, city: a.city, province: a.province ?? null, postalCode: a.postalCode ?? null, countryCode: a.countryCode },
    },
    lines: order.lines.map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity })),
  };
  deps.state.ledger.sent[order.referenceId] = entry;
  deps.state.touch('ledger');
  deps.state.save();
  return entry;
}

/** Sends one 997 acknowledging the groups given. */
export async function sendAck(deps: OutboundDeps, groups: ReceivedGroup[]): Promise<string> {
  return (await send(deps, 'FA', '997', groups.map(functionalAck997))).path;
}

/** The canonical view of a 940 we sent: status from its 997 and the 945s that came back. */
export function orderRecord(sent: SentOrder, shipments: ShipmentRecord[]): FulfilmentOrderRecord {
  const shippedBySku = new Map<string, number>();
  for (const line of shipments.flatMap((s) => s.lines)) shippedBySku.set(line.sku, (shippedBySku.get(line.sku) ?? 0) + line.quantity);
  const complete = sent.lines.every((l) => (shippedBySku.get(l.sku) ?? 0) >= l.quantity);
  let status: FulfilmentOrderStatus = 'PROCESSING';
  if (sent.ack.status === 'REJECTED') status = 'EXCEPTION';
  else if (shipments.length > 0) status = complete ? 'FULFILLED' : 'PARTIALLY_FULFILLED';
  return {
    system: '3pl-eu',
    nativeId: sent.referenceId,
    referenceId: sent.referenceId,
    orderNumber: sent.orderNumber,
    status,
    channelNativeId: null,
    createdAt: sent.sentAt,
    purchasedAt: sent.purchasedAt,
    lines: sent.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: null })),
    total: null,
    shipments,
  };
}
