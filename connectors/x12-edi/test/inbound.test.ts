import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateRetailer } from '@ucg/legacy-seed';
import { afterEach, describe, expect, it } from 'vitest';
import { EdiConnector, isEdiError } from '../src/index.ts';
import { closeAll, files, order, pollUntil, startWorld, waitFor } from './helpers.ts';

afterEach(closeAll);

/** Moves stock at the warehouse; answers the new level and the 846 it wrote. */
async function post(url: string, path: string, body: unknown): Promise<{ json(): Promise<{ file: string; onHand: number }> }> {
  return fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) as never;
}

function archived(dir: string): string[] {
  const root = join(dir, 'from-warehouse', 'archive');
  return readdirSync(root).flatMap((day) => readdirSync(join(root, day)).map((n) => join(root, day, n)));
}

describe('polling the warehouse outbox', () => {
  it('moves a corrupted 846 to the error folder, logs EDI_PARSE_FAILED naming it, and carries on', async () => {
    const { connector, dir, url, logs, warehouse } = await startWorld();
    await connector.poll();
    const [sku] = warehouse.warehouse.book.stock()[0]!;
    const { file } = await (await post(url, '/__sandbox/stock', { sku, location: 'VEN1', onHand: 42 })).json();
    // Damaged in transit: the SE count no longer matches the segments.
    const damaged = readFileSync(join(dir, 'from-warehouse', file), 'utf8').replace(/SE\*\d+\*/, 'SE*99*');
    writeFileSync(join(dir, 'from-warehouse', file), damaged);
    const { file: good } = await (await post(url, '/__sandbox/stock', { sku, location: 'VEN1', onHand: 43 })).json();

    const messages = await connector.poll();
    const rejected = messages.filter((m) => m.type === 'rejected-file');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ file: `from-warehouse/${file}` });
    expect(isEdiError(rejected[0]!.type === 'rejected-file' && rejected[0]!.error)).toBe(true);
    expect(files(dir, 'from-warehouse/error')).toEqual([file]);
    expect(logs.find((l) => l.code === 'EDI_PARSE_FAILED')).toMatchObject({ level: 50, file: `from-warehouse/${file}`, system: '3pl-eu' });
    // The good file in the same pass was applied, and later passes go on working.
    expect((await connector.currentStock([sku]))[0]!.onHand).toBe(43);
    expect(archived(dir).map((p) => p.split('/').pop())).toContain(good);
    await post(url, '/__sandbox/stock', { sku, location: 'VEN1', onHand: 44 });
    await connector.poll();
    expect((await connector.currentStock([sku]))[0]!.onHand).toBe(44);
  });

  it('never processes a file twice, even when it is delivered again', async () => {
    const { connector, dir, url, warehouse } = await startWorld();
    await connector.poll();
    const [sku] = warehouse.warehouse.book.stock()[0]!;
    await post(url, '/__sandbox/stock', { sku, location: 'VEN1', onHand: 10 });
    await connector.poll();
    const first = archived(dir).find((p) => p.includes('846_') && readFileSync(p, 'utf8').includes('QTY*17*10*'))!;
    await post(url, '/__sandbox/stock', { sku, location: 'VEN1', onHand: 11 });
    await connector.poll();
    const acksSent = () => readdirSync(join(dir, '.connector', 'sent')).flatMap((day) => readdirSync(join(dir, '.connector', 'sent', day))).filter((n) => n.startsWith('997_')).length;
    const acksBefore = acksSent();

    copyFileSync(first, join(dir, 'from-warehouse', 'redelivered.edi')); // the old level, re-sent
    const messages = await connector.poll();
    expect(messages).toEqual([]);
    expect((await connector.currentStock([sku]))[0]!.onHand).toBe(11);
    expect(files(dir, 'from-warehouse')).toEqual([]);
    expect(acksSent()).toBe(acksBefore); // and no second 997 for it
  });

  it('does not roll stock back when an older advice is read after a newer one', async () => {
    const { connector, dir, url, warehouse } = await startWorld({ warehouse: { pollIntervalMs: 60_000 } });
    await connector.poll();
    const [sku] = warehouse.warehouse.book.stock()[0]!;
    const { file: older } = await (await post(url, '/__sandbox/stock', { sku, location: 'VEN1', onHand: 5 })).json();
    const held = readFileSync(join(dir, 'from-warehouse', older), 'utf8');
    await new Promise((r) => setTimeout(r, 20));
    await post(url, '/__sandbox/stock', { sku, location: 'VEN1', onHand: 6 });
    writeFileSync(join(dir, 'from-warehouse', older), ''); // hold the older one back…
    await connector.poll(); // (the empty file is rejected)
    writeFileSync(join(dir, 'from-warehouse', 'late.edi'), held); // …and deliver it late
    await connector.poll();
    expect((await connector.currentStock([sku]))[0]!.onHand).toBe(6);
  });

  it('acknowledges every 846 and 945 it processes with a 997 the warehouse accepts', async () => {
    const { connector, warehouse } = await startWorld();
    await connector.poll();
    const [item] = (await connector.currentStock()).filter((r) => r.available > 0);
    await connector.sendShippingOrder(order('ACK-1', item!.sku));
    await pollUntil(connector, (all) => all.filter((m) => m.type === 'stock').length >= 2 && all.some((m) => m.type === 'shipment'));
    await waitFor(() => warehouse.warehouse.status().orders.awaitingAck === 0, 10_000, 'the warehouse to read our 997s');
    expect(warehouse.warehouse.status().orders).toMatchObject({ rejectedByPartner: 0 });
    expect(warehouse.warehouse.status().orders.acknowledged).toBeGreaterThanOrEqual(4); // snapshot, 2 changes, 945
  });

  it('keeps control numbers increasing and its state across a restart', async () => {
    const world = await startWorld();
    await world.connector.poll();
    const [a, b] = (await world.connector.currentStock()).filter((r) => r.available > 0);
    await world.connector.sendShippingOrder(order('RS-1', a!.sku));
    const isa13 = (name: string) => Number(name.split('_')[2]!.slice(0, 9));
    const before = Math.max(...files(world.dir, 'to-warehouse').map(isa13));
    await world.connector.close();

    const restarted = world.restartConnector();
    expect(await restarted.currentStock()).toEqual(await world.connector.currentStock());
    expect((await restarted.sendShippingOrder(order('RS-1', a!.sku))).created).toBe(false);
    await restarted.sendShippingOrder(order('RS-2', b!.sku));
    const newest = files(world.dir, 'to-warehouse').filter((n) => isa13(n) > before);
    expect(newest).toHaveLength(1);
    expect(readFileSync(join(world.dir, 'to-warehouse', newest[0]!), 'utf8')).toContain(`GS*OW*UCGRETAIL*VENLO3PL*`);
  });

  it('throws UPSTREAM_UNAVAILABLE when the exchange cannot be reached', async () => {
    const { dir } = await startWorld();
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const unreachable = new EdiConnector({ exchangeDir: join(dir, 'not-a-folder'), stateDir: join(dir, 'state3') });
    await expect(unreachable.poll()).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: '3pl-eu' });
  });
});

describe('history backfill', () => {
  it('gives tracking for the seed EU orders from the warehouse history folder', async () => {
    const { connector, dir } = await startWorld({ warehouse: { historyDays: 60 } });
    await connector.poll();
    const retailer = generateRetailer({ scale: 0.05 });
    const cutoff = Date.parse(retailer.now) - 60 * 86_400_000;
    const expected = retailer.shipments.filter((s) => s.system === '3pl-eu' && Date.parse(s.shippedAt) >= cutoff);
    const found = await connector.shipmentsForOrders(expected.map((s) => s.orderNumber));
    expect(found).toHaveLength(expected.length);
    for (const s of expected) {
      const mine = found.find((f) => f.orderNativeId === s.orderNumber)!;
      expect(mine).toMatchObject({ nativeId: s.id, carrier: s.carrier, trackingNumber: s.trackingNumber, trackingUrl: s.trackingUrl, lines: s.lines });
      expect(Math.abs(Date.parse(mine.shippedAt!) - Date.parse(s.shippedAt))).toBeLessThan(60_000);
    }
    expect(files(dir, 'history').length).toBeGreaterThan(0); // read, not moved: the folder is the warehouse's
    const again = new EdiConnector({ exchangeDir: dir });
    expect((await again.poll()).filter((m) => m.type === 'shipment')).toEqual([]); // each history file read once
  });
});

describe('watch mode', () => {
  it('delivers a /__sandbox/stock movement to a subscriber with no poll by hand', async () => {
    const { connector, url, warehouse } = await startWorld();
    await connector.poll();
    const [sku, row] = warehouse.warehouse.book.stock()[0]!;
    const seen: { at: number; onHand: number }[] = [];
    const watch = connector.watch({
      intervalMs: 100,
      onMessage: (m) => {
        if (m.type === 'stock') for (const r of m.records) if (r.sku === sku) seen.push({ at: Date.now(), onHand: r.onHand });
      },
    });
    try {
      await new Promise((r) => setTimeout(r, 150));
      await post(url, '/__sandbox/stock', { sku, location: 'VEN1', delta: 3 });
      // How fast is the end-to-end freshness test's business (tests/e2e/inventory-stock); here only that it arrives.
      const hit = await waitFor(() => seen.find((s) => s.onHand === row.onHand + 3), 10_000, 'the stock message');
      expect(hit.onHand).toBe(row.onHand + 3);
    } finally {
      await watch.stop();
    }
  });
});
