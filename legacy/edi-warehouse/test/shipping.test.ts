import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build940, closeAll, drop, newFiles, outbox, read, seg, startWarehouse, transactionsOf, waitFor, type Running } from './helpers.ts';

afterEach(closeAll);

function stockedSku(w: Running, atLeast = 3): { sku: string; onHand: number; committed: number } {
  const [sku, row] = w.standIn.warehouse.book.stock().find(([, r]) => r.onHand - r.committed >= atLeast)!;
  return { sku, ...row };
}

/** The latest 846 line for a SKU: [on hand, committed, available]. */
function levelsIn846(w: Running, name: string, sku: string): number[] | undefined {
  const [set] = transactionsOf(read(w.dir, name));
  const i = set!.segments.findIndex((s) => s[0] === 'LIN' && s[3] === sku);
  if (i < 0) return undefined;
  return ['17', '27', '33'].map((q) => Number(set!.segments.slice(i + 1, i + 4).find((s) => s[1] === q)![2]));
}

describe('a 940 shipping order', () => {
  it('is acknowledged with a 997, shipped with a 945, and the stock drop shows in the next 846', async () => {
    const w = await startWarehouse();
    const item = stockedSku(w);
    const before = outbox(w.dir);
    drop(w.dir, 'o1.edi', build940({ reference: 'WEB-1001', lines: [{ sku: item.sku, quantity: 2 }], routing: 'DPD Classic' }, { interchange: 4711, group: 815 }));
    await waitFor(() => newFiles(w.dir, before, '945').length === 1, 3000, 'the 945');

    const [ack] = transactionsOf(read(w.dir, newFiles(w.dir, before, '997')[0]!));
    expect(seg(ack!, 'AK1')).toEqual(['AK1', 'OW', '815']); // our GS06
    expect(seg(ack!, 'AK2')).toEqual(['AK2', '940', '0001']);
    expect(seg(ack!, 'AK5')).toEqual(['AK5', 'A']);
    expect(seg(ack!, 'AK9')).toEqual(['AK9', 'A', '1', '1', '1']);

    const [advice] = transactionsOf(read(w.dir, newFiles(w.dir, before, '945')[0]!));
    expect(seg(advice!, 'W06')!.slice(0, 3)).toEqual(['W06', 'F', 'WEB-1001']);
    expect(seg(advice!, 'W27')).toEqual(['W27', 'U', 'DPDG', 'DPD']); // the carrier the 940 asked for
    expect(seg(advice!, 'N9', '2I')![2]).toMatch(/^0\d{13}$/); // a DPD parcel number
    expect(seg(advice!, 'N1', 'ST')).toEqual(['N1', 'ST', 'Yuki Silva']);
    expect(seg(advice!, 'W12')).toEqual(['W12', 'CC', '2', '2', '0', 'EA', '', 'SK', item.sku]);
    expect(seg(advice!, 'W03')![1]).toBe('2');

    // 846s after the 945: the last one shows the units gone from the shelf (and no longer committed).
    const after = await waitFor(() => {
      const changes = newFiles(w.dir, before, '846').map((n) => levelsIn846(w, n, item.sku)).filter(Boolean);
      return changes.length === 2 ? changes : undefined;
    }, 3000, 'allocation and shipment 846s');
    expect(after[0]).toEqual([item.onHand, item.committed + 2, item.onHand - item.committed - 2]); // reserved on receipt
    expect(after[1]).toEqual([item.onHand - 2, item.committed, item.onHand - 2 - item.committed]); // picked and shipped
    expect(existsSync(join(w.dir, 'to-warehouse', 'o1.edi'))).toBe(false); // read once, archived
    expect(readdirSync(join(w.dir, 'to-warehouse', 'archive'))).toHaveLength(1);
  });

  it('ships once when the same order number arrives twice (de-duplicated by W05 02)', async () => {
    const w = await startWarehouse();
    const item = stockedSku(w, 4);
    const before = outbox(w.dir);
    drop(w.dir, 'a.edi', build940({ reference: 'WEB-2002', lines: [{ sku: item.sku, quantity: 1 }] }));
    await waitFor(() => newFiles(w.dir, before, '945').length === 1, 3000, 'the first 945');
    drop(w.dir, 'b.edi', build940({ reference: 'WEB-2002', lines: [{ sku: item.sku, quantity: 1 }] })); // a new interchange, same order
    await waitFor(() => newFiles(w.dir, before, '997').length === 2, 3000, 'the second 997');
    await new Promise((r) => setTimeout(r, 100));

    expect(newFiles(w.dir, before, '945')).toHaveLength(1);
    const acks = newFiles(w.dir, before, '997').map((n) => seg(transactionsOf(read(w.dir, n))[0]!, 'AK5'));
    expect(acks).toEqual([['AK5', 'A'], ['AK5', 'A']]); // a 997 says the syntax was fine, nothing more
    expect(w.standIn.warehouse.book.row(item.sku)!.onHand).toBe(item.onHand - 1);
    expect(w.standIn.warehouse.status().orders).toMatchObject({ received: 1, shipped: 1, duplicatesIgnored: 1 });
  });

  it('ignores an interchange delivered twice (same sender and ISA13) without a second 997', async () => {
    const w = await startWarehouse();
    const item = stockedSku(w);
    const before = outbox(w.dir);
    const file = build940({ reference: 'WEB-3003', lines: [{ sku: item.sku, quantity: 1 }] });
    drop(w.dir, 'first.edi', file);
    await waitFor(() => newFiles(w.dir, before, '945').length === 1, 3000, 'the 945');
    drop(w.dir, 'again.edi', file);
    await waitFor(() => w.standIn.warehouse.status().files.duplicateInterchanges === 1, 3000, 'the duplicate to be spotted');
    expect(newFiles(w.dir, before, '997')).toHaveLength(1);
  });

  it('rejects a malformed 940 with AK3/AK4/AK5/AK9 and does not ship it', async () => {
    const w = await startWarehouse();
    const item = stockedSku(w);
    const before = outbox(w.dir);
    const bad = build940({ reference: 'WEB-4004', shipTo: null, lines: [{ sku: item.sku, quantity: 'two' }] });
    drop(w.dir, 'bad.edi', bad);
    await waitFor(() => newFiles(w.dir, before, '997').length === 1, 3000, 'the 997');
    const [ack] = transactionsOf(read(w.dir, newFiles(w.dir, before, '997')[0]!));
    const ak = ack!.segments.filter((s) => /^AK[345]$/.test(s[0]!));
    expect(ak).toEqual([
      ['AK3', 'N1', '3', 'N1', '3'], // mandatory ship-to loop missing
      ['AK3', 'W01', '5', 'LX', '8'], // W01 has element errors…
      ['AK4', '1', '330', '6', 'two'], // …quantity is not a number
      ['AK5', 'R', '5'],
    ]);
    expect(seg(ack!, 'AK9')).toEqual(['AK9', 'R', '1', '1', '0']);
    await new Promise((r) => setTimeout(r, 100));
    expect(newFiles(w.dir, before, '945')).toHaveLength(0);
    expect(w.standIn.warehouse.status().orders.received).toBe(0);
  });

  it('reports a wrong segment count (SE01) as AK5 code 4 and rejects the group', async () => {
    const w = await startWarehouse();
    const item = stockedSku(w);
    const before = outbox(w.dir);
    const miscounted = build940({ reference: 'WEB-5005', lines: [{ sku: item.sku, quantity: 1 }] }).replace(/SE\*(\d+)\*/, (_, n) => `SE*${Number(n) + 1}*`);
    drop(w.dir, 'miscounted.edi', miscounted);
    await waitFor(() => newFiles(w.dir, before, '997').length === 1, 3000, 'the 997');
    const [ack] = transactionsOf(read(w.dir, newFiles(w.dir, before, '997')[0]!));
    expect(seg(ack!, 'AK5')).toEqual(['AK5', 'R', '4']);
    expect(seg(ack!, 'AK9')![1]).toBe('R');
  });

  it('refuses files that are not interchanges for it, into to-warehouse/error', async () => {
    const w = await startWarehouse();
    drop(w.dir, 'junk.edi', 'this is not X12');
    drop(w.dir, 'stranger.edi', build940({ reference: 'X', lines: [{ sku: 'A', quantity: 1 }] }).replace('ZZ*UCGRETAIL      ', 'ZZ*SOMEONEELSE    '));
    await waitFor(() => w.standIn.warehouse.status().files.refused === 2, 3000, 'both refusals');
    expect(readdirSync(join(w.dir, 'to-warehouse', 'error')).sort()).toEqual(['junk.edi', 'stranger.edi']);
  });

  it('reports an unknown item on the 945 as cancelled and ships the rest', async () => {
    const w = await startWarehouse();
    const item = stockedSku(w);
    const before = outbox(w.dir);
    drop(w.dir, 'mixed.edi', build940({ reference: 'WEB-6006', lines: [{ sku: item.sku, quantity: 1 }, { sku: 'NO-SUCH-SKU', quantity: 1 }] }));
    await waitFor(() => newFiles(w.dir, before, '945').length === 1, 3000, 'the 945');
    const [advice] = transactionsOf(read(w.dir, newFiles(w.dir, before, '945')[0]!));
    expect(advice!.segments.filter((s) => s[0] === 'W12').map((s) => [s[1], s[3], s[8]])).toEqual([['CC', '1', item.sku], ['IC', '0', 'NO-SUCH-SKU']]);
  });
});
