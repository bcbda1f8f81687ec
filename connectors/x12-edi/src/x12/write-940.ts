import { z } from 'zod';
import type { FulfilmentOrderRequest } from '@ucg/connector-core';
import { EdiError } from '../errors.ts';
import type { OutboundSet, Segment } from './envelope.ts';

const orderSchema = z.object({
  // W05 02 is AN 1/22 in 004010; a longer reference cannot be sent, and truncating it would break de-duplication.
  referenceId: z.string().trim().min(1).max(22),
  recipient: z.object({
    name: z.string().trim().min(1),
    address: z.object({
      line1: z.string().trim().min(1),
      city: z.string().trim().min(1),
      postalCode: z.string().trim().min(1),
      countryCode: z.string().regex(/^[A-Z]{2}$/),
    }),
  }),
  lines: z.array(z.object({ sku: z.string().trim().min(1).max(48), quantity: z.number().int().min(1).max(999_999) })).min(1),
});

/** Checks an order can be expressed as a 940 before any control number is spent on it. */
export function assertShippable(order: FulfilmentOrderRequest): void {
  const parsed = orderSchema.safeParse(order);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new EdiError('EDI_INVALID_ORDER', `order ${String(order.referenceId)} cannot be sent as a 940: ${problems}`);
  }
}

/**
 * 940 Warehouse Shipping Order for one order, as the warehouse's guide asks:
 * W05*N*<reference>*<order number>, ship-to N1*ST/N3/N4, W66 with the requested service as routing,
 * LX + W01*<qty>*EA**SK*<sku> (+ G69 description) per line, W76 total quantity. Only the ship-to
 * name and address leave our systems: e-mail and phone are not sent (the warehouse does not need them).
 */
export function shippingOrder940(order: FulfilmentOrderRequest): OutboundSet {
  const { recipient } = order;
  const a = recipient.address;
  const segments: Segment[] = [
    ['W05', 'N', order.referenceId, order.orderNumber ?? ''],
    ['N1', 'ST', (recipient.company ? `${recipient.name} ${recipient.company}` : recipient.name).slice(0, 60)],
    ['N3', a.line1.slice(0, 55), (a.line2 ?? '').slice(0, 55)],
    ['N4', a.city.slice(0, 30), (a.province ?? '').slice(0, 2), a.postalCode ?? '', a.countryCode],
    ['W66', 'PP', 'U', '', '', order.shippingMethod.slice(0, 35)],
  ];
  order.lines.forEach((line, i) => {
    segments.push(['LX', String(i + 1)], ['W01', String(line.quantity), 'EA', '', 'SK', line.sku]);
    if (line.name) segments.push(['G69', line.name.slice(0, 45)]);
  });
  segments.push(['W76', String(order.lines.reduce((n, l) => n + l.quantity, 0))]);
  return { id: '940', segments };
}
