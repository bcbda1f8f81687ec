import type { X12Transaction } from 'node-x12';
import type { ShipmentRecord } from '@ucg/connector-core';
import { loops, query, value, x12Timestamp } from './segments.ts';

/** Public tracking pages of the carriers the EU warehouse uses (the 945 carries the number, not the link). */
const trackingPages: Record<string, string> = {
  DHL: 'https://www.dhl.com/track?tracking-id=',
  DPD: 'https://tracking.dpd.de/status/en_US/parcel/',
  'ROYAL MAIL': 'https://www.royalmail.com/track-your-item#/tracking-results/',
};

export interface ShippingAdvice {
  shipment: ShipmentRecord;
  /** Ordered vs shipped per line, for the order's fulfilment status. */
  lines: { sku: string; ordered: number; shipped: number; status: string | null }[];
}

/**
 * Maps a 945 to a canonical shipment: W06 (order reference, date, shipment id), N9*2I (tracking
 * number), W27 (carrier), G62*11 (shipped at), LX/W12 (shipped quantities). A 945 only says the
 * parcel left the warehouse: status is IN_TRANSIT and there are no carrier scans (EDI carries none).
 */
export function read945(transaction: X12Transaction, defaultLocation: string): ShippingAdvice {
  const h = query(transaction, {
    orderReference: 'W0602', date: 'W0603', shipmentId: 'W0604',
    tracking: 'N902:N901["2I"]', carrierName: 'W2703', scac: 'W2702',
    shippedDate: 'G6202:G6201["11"]', shippedTime: 'G6204:G6201["11"]', shipFrom: 'N104:N101["SF"]',
  });
  if (!h.orderReference) throw new Error('945 W06 carries no depositor order number');
  const lines = loops(transaction, 'LX', ['W03']).map((loop, i) => {
    const w12 = loop.find((s) => s.tag === 'W12');
    const sku = w12 && ['SK', 'VN'].includes(value(w12, 7) ?? '') ? value(w12, 8) : null;
    if (!w12 || !sku) throw new Error(`945 LX loop ${i + 1} has no W12 with an SK/VN item`);
    const shipped = Number(value(w12, 3) ?? 0);
    const ordered = Number(value(w12, 2) ?? shipped);
    if (!Number.isInteger(shipped) || !Number.isInteger(ordered)) throw new Error(`945 W12 quantities for ${sku} are not whole numbers`);
    return { sku, ordered, shipped, status: value(w12, 1) };
  });
  const carrier = h.carrierName ?? h.scac;
  const shippedAny = lines.some((l) => l.shipped > 0);
  const page = carrier ? trackingPages[carrier.toUpperCase()] : undefined;
  return {
    lines,
    shipment: {
      system: '3pl-eu',
      nativeId: h.shipmentId ?? `${h.orderReference}-${h.date ?? ''}`,
      orderNativeId: h.orderReference,
      referenceId: h.orderReference,
      fromLocationNativeId: h.shipFrom ?? defaultLocation,
      status: shippedAny ? 'IN_TRANSIT' : 'EXCEPTION',
      carrier,
      service: null,
      trackingNumber: h.tracking,
      trackingUrl: page && h.tracking ? page + h.tracking : null,
      shippedAt: x12Timestamp(h.shippedDate ?? h.date, h.shippedDate ? h.shippedTime : null),
      deliveredAt: null,
      lines: lines.filter((l) => l.shipped > 0).map((l) => ({ sku: l.sku, quantity: l.shipped })),
      events: [],
    },
  };
}
