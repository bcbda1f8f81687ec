import { describe, expect, it } from 'vitest';
import { money } from '@ucg/connector-core';
import { type CartLineRecord, SHIPPING } from '../src/model/cart.ts';
import { planMerge } from '../src/model/merge.ts';

const line = (sku: string, quantity: number, pickupAt?: string): CartLineRecord => ({
  id: `${sku}-${pickupAt ?? 'ship'}`, sku, quantity, fulfillment: pickupAt ? { mode: 'PICKUP', locationId: pickupAt } : SHIPPING,
  reservationId: `r-${sku}`, reserved: quantity, allocations: [], price: money('1.00', 'USD'), addedAt: '2026-11-20T00:00:00.000Z',
});
const quantities = (plan: ReturnType<typeof planMerge>) => plan.lines.map((l) => `${l.sku}${l.fulfillment.locationId ? `@${l.fulfillment.locationId}` : ''}:${l.quantity}`);

describe('sign-in merge strategies', () => {
  const existing = [line('A', 1), line('B', 2), line('C', 1, 'webstore:70001')];
  const guest = [line('A', 3), line('C', 2), line('D', 1)];

  it('SUM adds up the same item (SKU and fulfilment); other items are kept', () => {
    expect(quantities(planMerge(existing, guest, 'SUM'))).toEqual(['A:4', 'B:2', 'C@webstore:70001:1', 'C:2', 'D:1']);
    expect(planMerge(existing, guest, 'SUM').dropped).toEqual([]);
  });

  it('MAX keeps the larger quantity of the same item', () => {
    expect(quantities(planMerge(existing, guest, 'MAX'))).toEqual(['A:3', 'B:2', 'C@webstore:70001:1', 'C:2', 'D:1']);
  });

  it('USE_GUEST and USE_EXISTING keep one cart\'s lines and drop the other\'s', () => {
    const useGuest = planMerge(existing, guest, 'USE_GUEST');
    expect(quantities(useGuest)).toEqual(['A:3', 'C:2', 'D:1']);
    expect(useGuest.dropped).toEqual(existing);
    const useExisting = planMerge(existing, guest, 'USE_EXISTING');
    expect(quantities(useExisting)).toEqual(['A:1', 'B:2', 'C@webstore:70001:1']);
    expect(useExisting.dropped).toEqual(guest);
  });
});
