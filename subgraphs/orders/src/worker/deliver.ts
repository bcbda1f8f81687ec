import { mkdirSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FulfilmentOrderRequest } from '@ucg/connector-core';
import { EdiConnector } from '@ucg/connector-x12-edi';
import type { PlacedOrder } from '@ucg/order-outbox';
import type { Logger } from '@ucg/service-kit';
import type { DeliveryPlan, DeliveryTarget } from '../delivery/state.ts';
import type { StoreLock } from '../delivery/store-lock.ts';
import type { DeliverySystems } from '../systems/index.ts';

/** What a system said when it took the order. */
export interface Accepted {
  outcome: 'accepted';
  /** The system's id for it (ERP sales order number, ShipBob order id, 940 reference). */
  reference: string;
}

export interface Skipped {
  outcome: 'skipped';
  reason: string;
}

/** The CRM operation that credits an order's points: the same id on every retry, so points are credited once. */
export const earnOperationId = (number: string) => `order-${number}:earn`;

/** What a 3PL needs to ship `lines` of the order. Missing address: a business error (checkout let it through). */
function shippingRequest(order: PlacedOrder, lines: { sku: string; quantity: number }[]): FulfilmentOrderRequest {
  const a = order.shippingAddress;
  if (!a) throw Object.assign(new Error(`order ${order.number} ships without a shipping address`), { code: 'ORDER_NO_SHIPPING_ADDRESS', permanent: true });
  const byLine = new Map(order.lines.map((l) => [l.sku, l]));
  const name = [a.firstName, a.lastName].filter(Boolean).join(' ') || order.email;
  return {
    referenceId: order.number,
    orderNumber: order.number,
    purchasedAt: order.placedAt,
    shippingMethod: Number(order.shipping.amount) > 0 ? 'Standard' : 'Free Shipping',
    recipient: {
      name,
      email: order.email,
      ...(a.phone ? { phone: a.phone } : {}),
      address: { line1: a.address1, line2: a.address2, city: a.city, province: a.province, postalCode: a.zip, countryCode: a.countryCode },
    },
    lines: lines.map((l) => ({ sku: l.sku, name: byLine.get(l.sku)?.title ?? l.sku, quantity: l.quantity, ...(byLine.get(l.sku) ? { unitPrice: byLine.get(l.sku)!.unitPrice } : {}) })),
    total: order.total,
    kind: 'DTC',
  };
}

export interface EdiSenderOptions {
  exchangeDir: string;
  stateDir: string;
  /** First interchange/group control number of this sender's own range (see `EdiSender`). */
  controlNumberBase: number;
  lock: StoreLock;
  logger?: Logger;
}

/**
 * Sends 940s to the EU warehouse. The connector keeps its sent-ledger and control numbers on disk
 * and reads them when it is created; several worker processes share one state folder, so each send
 * holds a Store lock and uses a connector freshly read from disk: no two sends ever share a control
 * number, and every send sees the others' ledger. The worker's numbers start at `controlNumberBase`,
 * a range of its own, so they never repeat a number the inbox processor's 997s used (the warehouse
 * drops an interchange whose number it has seen).
 */
export class EdiSender {
  constructor(private readonly options: EdiSenderOptions) {
    const file = join(options.stateDir, 'control-numbers.json');
    if (!existsSync(file)) {
      mkdirSync(options.stateDir, { recursive: true });
      writeFileSync(file, JSON.stringify({ interchange: options.controlNumberBase, group: options.controlNumberBase }));
    }
  }

  send(request: FulfilmentOrderRequest): Promise<string> {
    return this.options.lock.run('edi-send', async () => {
      const { exchangeDir, stateDir, logger } = this.options;
      const connector = new EdiConnector({ exchangeDir, stateDir }, logger ? { logger } : {});
      const sent = await connector.sendShippingOrder(request);
      return sent.order.nativeId;
    });
  }
}

export interface DeliverDeps {
  systems: DeliverySystems;
  edi: EdiSender;
}

/**
 * Hands the order to one system. Each system's own idempotency makes a repeat harmless: the ERP
 * by external reference (the order number), ShipBob by reference id, the EU warehouse by order
 * number (W05) and the connector's sent-ledger, the CRM by operation id.
 */
export async function deliverTo(target: DeliveryTarget, order: PlacedOrder, plan: DeliveryPlan, deps: DeliverDeps): Promise<Accepted | Skipped> {
  switch (target) {
    case 'erp': {
      const created = await deps.systems.erp.createSalesOrder({
        externalReference: order.number,
        currency: order.currencyCode,
        orderedAt: order.placedAt,
        lines: order.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice })),
      });
      return { outcome: 'accepted', reference: created.order.number };
    }
    case '3pl-us': {
      const created = await deps.systems.us3pl.createOrder(shippingRequest(order, plan.shipments['3pl-us'] ?? []));
      return { outcome: 'accepted', reference: created.order.nativeId };
    }
    case '3pl-eu':
      return { outcome: 'accepted', reference: await deps.edi.send(shippingRequest(order, plan.shipments['3pl-eu'] ?? [])) };
    case 'crm': {
      if (order.loyaltyPointsEarned <= 0) return { outcome: 'skipped', reason: 'the order earns no points' };
      const update = await deps.systems.crm.updateLoyalty(order.email, { operationId: earnOperationId(order.number), pointsDelta: order.loyaltyPointsEarned });
      return { outcome: 'accepted', reference: update.operationId ?? earnOperationId(order.number) };
    }
  }
}
