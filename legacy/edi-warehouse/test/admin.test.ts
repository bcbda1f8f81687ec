import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateRetailer } from '@ucg/legacy-seed';
import { afterEach, describe, expect, it } from 'vitest';
import { build940, closeAll, drop, newFiles, outbox, read, seg, startWarehouse, transactionsOf, waitFor } from './helpers.ts';

afterEach(closeAll);

/** What the sandbox endpoints answer (stock moves, snapshots, errors), as far as the tests read it. */
interface Answer {
  status: number;
  json(): Promise<{ code?: string; file: string; items: number; sku: string; onHand: number; committed: number; available: number }>;
}

const post = (url: string, path: string, body?: unknown): Promise<Answer> =>
  fetch(`${url}${path}`, { method: 'POST', headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) }) as Promise<Answer>;

describe('admin and sandbox HTTP', () => {
  it('moves stock and writes an item-level 846 within a second', async () => {
    const w = await startWarehouse();
    const [sku, row] = w.standIn.warehouse.book.stock().find(([, r]) => r.onHand > 0)!;
    const before = outbox(w.dir);
    const started = Date.now();
    const res = await post(w.url, '/__sandbox/stock', { sku, location: 'VEN1', delta: 7 });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ sku, location: 'VEN1', onHand: row.onHand + 7, committed: row.committed, available: row.onHand + 7 - row.committed });
    const [file] = await waitFor(() => newFiles(w.dir, before, '846').length === 1 && newFiles(w.dir, before, '846'), 1000, 'the 846');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(body.file).toBe(file);
    const [set] = transactionsOf(read(w.dir, file!));
    expect(seg(set!, 'BIA')!.slice(0, 3)).toEqual(['BIA', '25', 'DD']); // incremental: only what changed
    expect(set!.segments.filter((s) => s[0] === 'LIN').map((s) => s[3])).toEqual([sku]);
    expect(seg(set!, 'QTY', '17')).toEqual(['QTY', '17', String(row.onHand + 7), 'EA']);

    const absolute = await post(w.url, '/__sandbox/stock', { sku, location: 'VEN1', onHand: 3 });
    expect((await absolute.json()).onHand).toBe(3);
  });

  it('refuses bad stock moves with stable codes', async () => {
    const w = await startWarehouse();
    const [sku, row] = w.standIn.warehouse.book.stock()[0]!;
    const cases: [unknown, string][] = [
      [{ sku }, 'STOCK_BAD_REQUEST'],
      [{ sku, location: 'VEN1', delta: 1.5 }, 'STOCK_BAD_REQUEST'],
      [{ sku, location: '156', delta: 1 }, 'STOCK_UNKNOWN_LOCATION'],
      [{ sku: 'NOPE-1', location: 'VEN1', delta: 1 }, 'STOCK_UNKNOWN_SKU'],
      [{ sku, location: 'VEN1', delta: -(row.onHand + 1) }, 'STOCK_NEGATIVE'],
    ];
    for (const [payload, code] of cases) {
      const res = await post(w.url, '/__sandbox/stock', payload);
      expect(res.status).toBe(400);
      expect((await res.json()).code).toBe(code);
    }
  });

  it('writes a full snapshot on start and on demand, listing every SKU the seed holds at VEN1', async () => {
    const w = await startWarehouse();
    const seeded = generateRetailer({ scale: 0.05 }).stock.filter((s) => s.system === '3pl-eu');
    const startup = outbox(w.dir).filter((n) => n.startsWith('846_'));
    expect(startup).toHaveLength(1);
    const res = await post(w.url, '/__sandbox/snapshot');
    const { file, items } = await res.json();
    expect(items).toBe(seeded.length);
    const [set] = transactionsOf(read(w.dir, file));
    expect(seg(set!, 'BIA')![1]).toBe('00');
    expect(seg(set!, 'N1', 'WH')).toEqual(['N1', 'WH', 'EU Fulfilment Venlo', 'ZZ', 'VEN1']);
    expect(set!.segments.filter((s) => s[0] === 'LIN')).toHaveLength(seeded.length);
    expect(seg(set!, 'CTT')).toEqual(['CTT', String(seeded.length)]);
    const first = seeded[0]!;
    const i = set!.segments.findIndex((s) => s[0] === 'LIN' && s[3] === first.sku);
    expect(set!.segments.slice(i + 1, i + 4).map((s) => s[2])).toEqual([first.onHand, first.committed, first.onHand - first.committed].map(String));
  });

  it('writes periodic snapshots when the interval is set', async () => {
    const w = await startWarehouse({ snapshotIntervalMs: 50 });
    await waitFor(() => outbox(w.dir).filter((n) => n.startsWith('846_')).length >= 3, 2000, 'periodic snapshots');
  });

  it('reports what it holds and what is waiting on /admin/status, and answers /health', async () => {
    const w = await startWarehouse();
    expect((await fetch(`${w.url}/health`)).status).toBe(200);
    const status = (await (await fetch(`${w.url}/admin/status`)).json()) as Record<string, { skus?: number }>;
    expect(status).toMatchObject({
      warehouse: { code: 'VEN1' },
      interchangeIds: { warehouse: 'VENLO3PL', partner: 'UCGRETAIL' },
      orders: { received: 0, awaitingAck: 1 }, // the start-up snapshot, until the partner's 997 comes
      files: { waitingForWarehouse: 0, waitingForPartner: 1 },
    });
    expect(status.stock!.skus).toBeGreaterThan(0);
  });

  it('restores the seeded stock on reset and tells the partner with a snapshot', async () => {
    const w = await startWarehouse();
    const [sku, row] = w.standIn.warehouse.book.stock()[0]!;
    await post(w.url, '/__sandbox/stock', { sku, location: 'VEN1', onHand: row.onHand + 50 });
    const before = outbox(w.dir);
    expect((await post(w.url, '/__sandbox/reset')).status).toBe(200);
    expect(w.standIn.warehouse.book.row(sku)!.onHand).toBe(row.onHand);
    const [snapshot] = newFiles(w.dir, before, '846');
    expect(seg(transactionsOf(read(w.dir, snapshot!))[0]!, 'BIA')![1]).toBe('00');
  });

  it('stops reading and answering files while the sandbox has it down', async () => {
    const w = await startWarehouse();
    const [sku] = w.standIn.warehouse.book.stock().find(([, r]) => r.onHand - r.committed > 0)!;
    await post(w.url, '/__sandbox/faults', { down: true });
    const before = outbox(w.dir);
    drop(w.dir, 'waiting.edi', build940({ reference: 'DOWN-1', lines: [{ sku, quantity: 1 }] }));
    await new Promise((r) => setTimeout(r, 150));
    expect(readdirSync(join(w.dir, 'to-warehouse'))).toContain('waiting.edi');
    expect(newFiles(w.dir, before, '997')).toHaveLength(0);
    await post(w.url, '/__sandbox/faults', { down: false });
    await waitFor(() => newFiles(w.dir, before, '945').length === 1, 3000, 'the order to ship once back up');
  });
});
