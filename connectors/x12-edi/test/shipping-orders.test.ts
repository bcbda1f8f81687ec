import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSEDINotation, X12Generator } from 'node-x12';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, files, order, pollUntil, startWorld } from './helpers.ts';

afterEach(closeAll);

describe('sending a 940', () => {
  it('yields an accepting 997, a 945 with carrier and tracking, and the stock drop in the next 846', async () => {
    const { connector, warehouse } = await startWorld();
    await connector.poll(); // start-up snapshot
    const item = (await connector.currentStock()).find((r) => r.available >= 3)!;

    const sent = await connector.sendShippingOrder(order('WEB-1001', item.sku, 3));
    expect(sent.created).toBe(true);
    expect(sent.order).toMatchObject({ system: '3pl-eu', referenceId: 'WEB-1001', status: 'PROCESSING', shipments: [] });
    expect((await connector.shippingOrderAck('WEB-1001'))!.status).toBe('PENDING');

    const messages = await pollUntil(connector, (all) => all.some((m) => m.type === 'shipment'));
    expect(messages.find((m) => m.type === 'ack')).toMatchObject({ referenceId: 'WEB-1001', status: 'ACCEPTED', errors: [] });
    const [shipment] = await connector.shipmentsForOrders(['WEB-1001']);
    expect(shipment).toMatchObject({
      system: '3pl-eu', orderNativeId: 'WEB-1001', fromLocationNativeId: 'VEN1', status: 'IN_TRANSIT',
      lines: [{ sku: item.sku, quantity: 3 }],
    });
    expect(['DHL', 'DPD']).toContain(shipment!.carrier);
    expect(shipment!.trackingNumber).toMatch(/^(JJD\d{18}|0\d{13})$/);
    expect(shipment!.trackingUrl).toContain(shipment!.trackingNumber);
    expect(Math.abs(Date.parse(shipment!.shippedAt!) - Date.now())).toBeLessThan(60_000);

    await pollUntil(connector, () => true); // the 846 written after the 945
    const [after] = await connector.currentStock([item.sku]);
    expect(after).toMatchObject({ sku: item.sku, system: '3pl-eu', locationNativeId: 'VEN1', onHand: item.onHand - 3, committed: item.committed });
    expect(after!.asOf > item.asOf).toBe(true);
    expect(warehouse.warehouse.book.row(item.sku)!.onHand).toBe(item.onHand - 3);
    expect((await connector.shippingOrder('WEB-1001'))!.status).toBe('FULFILLED');
  });

  it('is idempotent by order reference: a second send writes no second 940', async () => {
    const { connector, dir } = await startWorld();
    await connector.poll();
    const [item] = (await connector.currentStock()).filter((r) => r.available > 0);
    const [a, b] = await Promise.all([connector.sendShippingOrder(order('WEB-2002', item!.sku)), connector.sendShippingOrder(order('WEB-2002', item!.sku))]);
    const c = await connector.sendShippingOrder(order('WEB-2002', item!.sku));
    expect([a.created, b.created, c.created].filter(Boolean)).toHaveLength(1);
    const sent940 = () => [...files(dir, 'to-warehouse'), ...readdirDeep(join(dir, 'to-warehouse', 'archive'))].filter((n) => n.startsWith('940_'));
    expect(sent940()).toHaveLength(1);
    await pollUntil(connector, (all) => all.some((m) => m.type === 'shipment'));
    expect((await connector.sendShippingOrder(order('WEB-2002', item!.sku))).created).toBe(false);
    expect(sent940()).toHaveLength(1);
    expect(await connector.shipmentsForOrders(['WEB-2002'])).toHaveLength(1);
  });

  it('records a rejecting 997 with its AK3/AK4 detail and lets the order be sent again', async () => {
    const { connector, dir } = await startWorld({ warehouse: { pollIntervalMs: 60_000 } }); // the warehouse does not read our 940 in time
    await connector.poll();
    const [item] = (await connector.currentStock()).filter((r) => r.available > 0);
    await connector.sendShippingOrder(order('WEB-3003', item!.sku));
    const ledger = JSON.parse(readFileSync(join(dir, '.connector', 'ledger.json'), 'utf8'));
    const { group } = ledger.sent['WEB-3003'].controls;

    // The warehouse's answer, as its translator would write it (node-x12), rejecting the N4.
    const opts = { elementDelimiter: '*', segmentTerminator: '~', subElementDelimiter: '>', endOfLine: '\n', format: true };
    const jsen = new JSEDINotation(['00', '', '00', '', 'ZZ', 'VENLO3PL', 'ZZ', 'UCGRETAIL', '261120', '1200', 'U', '00401', '999000001', '0', 'P', '>'], opts);
    const tx = jsen.addFunctionalGroup(['FA', 'VENLO3PL', 'UCGRETAIL', '20261120', '1200', '999000001', 'X', '004010']).addTransaction(['997', '0001']);
    tx.addSegment('AK1', ['OW', String(group)]);
    tx.addSegment('AK2', ['940', '0001']);
    tx.addSegment('AK3', ['N4', '5', 'N1', '8']);
    tx.addSegment('AK4', ['4', '26', '7', 'XX']);
    tx.addSegment('AK5', ['R', '5']);
    tx.addSegment('AK9', ['R', '1', '1', '0']);
    writeFileSync(join(dir, 'from-warehouse', '997_reject.edi'), new X12Generator(jsen, opts).toString());

    const messages = await connector.poll();
    expect(messages.find((m) => m.type === 'ack')).toMatchObject({ referenceId: 'WEB-3003', status: 'REJECTED' });
    expect(await connector.shippingOrderAck('WEB-3003')).toMatchObject({
      status: 'REJECTED',
      setErrorCodes: ['5'],
      errors: [{ segmentId: 'N4', position: 5, loopId: 'N1', code: '8', elements: [{ position: '4', reference: '26', code: '7', badValue: 'XX' }] }],
    });
    expect((await connector.shippingOrder('WEB-3003'))!.status).toBe('EXCEPTION');
    const again = await connector.sendShippingOrder(order('WEB-3003', item!.sku));
    expect(again.created).toBe(true);
    expect(files(dir, 'to-warehouse').filter((n) => n.startsWith('940_'))).toHaveLength(2);
  });

  it('refuses an order that cannot be a 940 before spending a control number', async () => {
    const { connector, dir } = await startWorld();
    const bad = { ...order('THIS-REFERENCE-IS-FAR-TOO-LONG-FOR-W05', 'SKU'), lines: [] };
    await expect(connector.sendShippingOrder(bad)).rejects.toMatchObject({ code: 'EDI_INVALID_ORDER', system: '3pl-eu' });
    expect(files(dir, 'to-warehouse')).toHaveLength(0);
  });
});

/** Files in the dated sub-folders of an archive. */
function readdirDeep(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((day) => readdirSync(join(dir, day)));
  } catch {
    return [];
  }
}
