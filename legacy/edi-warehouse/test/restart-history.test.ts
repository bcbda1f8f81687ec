import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRetailer } from '@ucg/legacy-seed';
import { afterEach, describe, expect, it } from 'vitest';
import { build940, closeAll, drop, newFiles, outbox, read, seg, startWarehouse, transactionsOf, waitFor } from './helpers.ts';

afterEach(closeAll);

const isa13 = (name: string) => Number(name.split('_')[2]!.slice(0, 9));

describe('across a restart', () => {
  it('keeps control numbers increasing, remembers orders, and does not rewrite the history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edi-restart-'));
    const first = await startWarehouse({}, dir);
    const [sku] = first.standIn.warehouse.book.stock().find(([, r]) => r.onHand - r.committed > 2)!;
    drop(dir, 'o.edi', build940({ reference: 'RST-1', lines: [{ sku, quantity: 1 }] }));
    await waitFor(() => newFiles(dir, [], '945').length === 1, 3000, 'the 945');
    const highest = Math.max(...outbox(dir).map(isa13));
    const history = readdirSync(join(dir, 'history')).sort();
    const onHand = first.standIn.warehouse.book.row(sku)!.onHand;
    await first.close();

    const second = await startWarehouse({}, dir);
    const after = outbox(dir).filter((n) => isa13(n) > highest);
    expect(after).toHaveLength(1); // the start-up snapshot, numbered after everything before
    expect(readdirSync(join(dir, 'history')).sort()).toEqual(history);
    expect(second.standIn.warehouse.book.row(sku)!.onHand).toBe(onHand);

    drop(dir, 'again.edi', build940({ reference: 'RST-1', lines: [{ sku, quantity: 1 }] }));
    await waitFor(() => second.standIn.warehouse.status().orders.duplicatesIgnored === 1, 3000, 'the duplicate to be ignored');
    expect(newFiles(dir, [], '945')).toHaveLength(1);
  });
});

describe('the history folder', () => {
  it('holds 945s for the seed EU shipments of the retention window, batched per day', async () => {
    const days = 20;
    const w = await startWarehouse({ historyDays: days });
    const retailer = generateRetailer({ scale: 0.05 });
    const cutoff = Date.parse(retailer.now) - days * 86_400_000;
    const expected = retailer.shipments.filter((s) => s.system === '3pl-eu' && Date.parse(s.shippedAt) >= cutoff);
    expect(expected.length).toBeGreaterThan(0);

    const advices = readdirSync(join(w.dir, 'history')).flatMap((name) => transactionsOf(read(w.dir, name, 'history')));
    expect(advices.every((t) => t.id === '945')).toBe(true);
    const byOrder = new Map(advices.map((t) => [seg(t, 'W06')![2], t]));
    expect(byOrder.size).toBe(expected.length);
    for (const shipment of expected) {
      const advice = byOrder.get(shipment.orderNumber)!;
      expect(seg(advice, 'N9', '2I')![2]).toBe(shipment.trackingNumber);
      expect(seg(advice, 'W27')![3]).toBe(shipment.carrier);
      expect(seg(advice, 'W06')![4]).toBe(shipment.id);
    }
    const daysWithShipments = new Set(expected.map((s) => s.shippedAt.slice(0, 10)));
    expect(readdirSync(join(w.dir, 'history'))).toHaveLength(daysWithShipments.size);
  });
});
