import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateRetailer } from '@ucg/legacy-seed';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, order, pollUntil, startWorld } from './helpers.ts';

afterEach(closeAll);

const allFiles = (root: string): string[] =>
  readdirSync(root, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(join(root, e.name)) : [join(root, e.name)]));

describe('privacy requests', () => {
  it('exports the 940s sent for a person and the 945s about their orders', async () => {
    const { connector } = await startWorld();
    await connector.poll();
    const [item] = (await connector.currentStock()).filter((r) => r.available > 0);
    await connector.sendShippingOrder(order('PRIV-1', item!.sku, 1, 'Yuki.Silva@Example.co.uk'));
    await pollUntil(connector, (all) => all.some((m) => m.type === 'shipment'));

    const exported = await connector.exportPerson('yuki.silva@example.co.uk');
    expect(exported).toMatchObject({ system: '3pl-eu', recordCount: 1 });
    expect(exported.records[0]).toMatchObject({
      kind: 'warehouse-shipping-order-940', referenceId: 'PRIV-1', acknowledgement: 'ACCEPTED',
      recipient: { name: 'Yuki Silva', email: 'Yuki.Silva@Example.co.uk', address: { city: 'Paris' } },
      shipments: [{ orderNativeId: 'PRIV-1' }],
    });
    expect(await connector.exportPerson('nobody@example.com')).toEqual({ system: '3pl-eu', recordCount: 0, records: [] });
  });

  it('finds history shipments by the order numbers the selling systems know, with the ship-to the 945 carries', async () => {
    const { connector } = await startWorld({ warehouse: { historyDays: 60 } });
    await connector.poll();
    const retailer = generateRetailer({ scale: 0.05 });
    const shipment = retailer.shipments.filter((s) => s.system === '3pl-eu').at(-1)!;
    const orderOf = retailer.orders.find((o) => o.number === shipment.orderNumber)!;
    const exported = await connector.exportPerson(orderOf.email!, { orderReferences: [shipment.orderNumber] });
    expect(exported.recordCount).toBe(1);
    expect(exported.records[0]).toMatchObject({ kind: 'warehouse-shipping-advice-945', referenceId: shipment.orderNumber, shipment: { trackingNumber: shipment.trackingNumber } });
    const shipTo = (exported.records[0] as { shipTo: string[][] }).shipTo;
    expect(shipTo.find((s) => s[0] === 'N3')).toEqual(['N3', orderOf.shippingAddress!.line1]);
  });

  it('redacts our copies on erasure and answers RETAINED, because the 3PL keeps its own records', async () => {
    const { connector, dir } = await startWorld();
    await connector.poll();
    const [item] = (await connector.currentStock()).filter((r) => r.available > 0);
    await connector.sendShippingOrder(order('PRIV-2', item!.sku, 1, 'erase.me@example.com'));
    await pollUntil(connector, (all) => all.some((m) => m.type === 'shipment'));
    const mentions = () => [...allFiles(join(dir, '.connector')), ...allFiles(join(dir, 'from-warehouse'))]
      .filter((f) => f.endsWith('.edi') || f.endsWith('.json'))
      .filter((f) => /Yuki Silva|221 Oak Ave|erase\.me@example\.com/.test(readFileSync(f, 'utf8')));
    expect(mentions().length).toBeGreaterThanOrEqual(3); // ledger, our 940 copy, the archived 945

    const result = await connector.erasePerson('erase.me@example.com');
    expect(result.status).toBe('RETAINED');
    expect(result.detail).toMatch(/Redacted ship-to name and address for 1 order/);
    expect(result.detail).toMatch(/retains its own copies/);
    expect(mentions()).toEqual([]);
    // The redacted files are still valid X12 and still say what shipped.
    const record = (await connector.exportPerson('x', { orderReferences: ['PRIV-2'] })).records[0] as { recipient: { name: string; address: { countryCode: string } }; shipments: unknown[] };
    expect(record.recipient).toMatchObject({ name: 'ERASED', address: { countryCode: 'FR' } });
    expect(record.shipments).toHaveLength(1);
    expect(await connector.erasePerson('someone.else@example.com')).toEqual({ system: '3pl-eu', status: 'NOT_FOUND' });
  });
});
