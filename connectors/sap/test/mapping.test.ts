import { describe, expect, it } from 'vitest';
import { buildBatch, parseBatch } from '../src/batch.ts';
import { mapExchangeRate, mapMaterial, mapPlantStock } from '../src/index.ts';

describe('pure SAP → canonical mapping', () => {
  it('normalises exchange rates: ratio factors divided out, indirect quotation inverted, decimals kept exact', () => {
    const base = { ExchangeRateType: 'M', SourceCurrency: 'JPY', TargetCurrency: 'USD', ExchangeRateEffectiveDate: '/Date(1793491200000)/' };
    expect(mapExchangeRate({ ...base, ExchangeRate: '0.65180', NumberOfSourceCurrencyUnits: '100', NumberOfTargetCurrencyUnits: '1' })).toEqual({ from: 'JPY', to: 'USD', rate: '0.006518', validFrom: '2026-11-01T00:00:00.000Z', rateType: 'M' });
    expect(mapExchangeRate({ ...base, ExchangeRate: '10.85187', NumberOfSourceCurrencyUnits: '10', NumberOfTargetCurrencyUnits: '1' }).rate).toBe('1.085187');
    expect(mapExchangeRate({ ...base, ExchangeRate: '-153.42', NumberOfSourceCurrencyUnits: '1', NumberOfTargetCurrencyUnits: '1' }).rate).toBe('0.006518055');
  });

  it('sums plant stock over storage locations; only unrestricted stock is available; special stock is not ours', () => {
    const row = { Material: 'A', Plant: '1000', InventorySpecialStockType: '', MaterialBaseUnit: 'PC' };
    const stock = mapPlantStock([
      { ...row, StorageLocation: '0001', InventoryStockType: '01', MatlWrhsStkQtyInMatlBaseUnit: '10.00000000000000' },
      { ...row, StorageLocation: '0002', InventoryStockType: '01', MatlWrhsStkQtyInMatlBaseUnit: '5.00000000000000' },
      { ...row, StorageLocation: '0001', InventoryStockType: '02', MatlWrhsStkQtyInMatlBaseUnit: '3.00000000000000' },
      { ...row, StorageLocation: '0001', InventoryStockType: '01', InventorySpecialStockType: 'K', MatlWrhsStkQtyInMatlBaseUnit: '99' },
    ], '2026-11-20T12:00:00.000Z');
    expect(stock).toEqual([{ sku: 'A', system: 'erp', locationNativeId: '1000', onHand: 18, committed: 0, available: 15, asOf: '2026-11-20T12:00:00.000Z' }]);
  });

  it('tells generic, variant and single articles apart', () => {
    const p = { ProductType: 'HAWA', CreationDate: null, LastChangeDateTime: null, GrossWeight: '1.5', WeightUnit: 'KG', ProductGroup: 'X', BaseUnit: 'PC', Brand: '', SizeOrDimensionText: '', ProductStandardID: '' };
    expect(mapMaterial({ ...p, Product: 'G', ProductIsConfigurable: true, CrossPlantConfigurableProduct: '' }).kind).toBe('GENERIC');
    expect(mapMaterial({ ...p, Product: 'G-1', ProductIsConfigurable: false, CrossPlantConfigurableProduct: 'G' })).toMatchObject({ kind: 'VARIANT', genericMaterial: 'G', grossWeightGrams: 1500, names: [] });
    expect(mapMaterial({ ...p, Product: 'S', ProductIsConfigurable: false, CrossPlantConfigurableProduct: '' }).kind).toBe('SINGLE');
  });

  it('builds a $batch body and reads answers per part, a failed changeset as one error', () => {
    const { contentType, body } = buildBatch([{ path: 'A_Product', query: { $filter: "Product eq 'A'", $top: 1 } }], [[{ method: 'POST', path: 'A_SalesOrder', body: { a: 1 } }]]);
    expect(contentType).toMatch(/^multipart\/mixed; boundary=batch_/);
    expect(body).toContain("GET A_Product?$filter=Product%20eq%20'A'&$top=1 HTTP/1.1");
    expect(body).toMatch(/content-type: multipart\/mixed; boundary=changeset_[\w-]+\r\n\r\n--changeset_[\w-]+\r\ncontent-type: application\/http/);
    const answer = [
      '--r', 'content-type: application/http', '', 'HTTP/1.1 200 OK', 'content-type: application/json', '', '{"d":{"results":[]}}',
      '--r', 'content-type: application/http', '', 'HTTP/1.1 400 Bad Request', 'content-type: application/json', '', '{"error":{"code":"V1/392"}}',
      '--r--', '',
    ].join('\r\n');
    expect(parseBatch(answer, 'multipart/mixed; boundary=r')).toEqual([
      [{ status: 200, headers: { 'content-type': 'application/json' }, body: '{"d":{"results":[]}}' }],
      [{ status: 400, headers: { 'content-type': 'application/json' }, body: '{"error":{"code":"V1/392"}}' }],
    ]);
    expect(() => parseBatch('--r\r\n', 'multipart/mixed; boundary=r')).toThrow(expect.objectContaining({ code: 'UPSTREAM_BAD_RESPONSE' }));
  });
});
