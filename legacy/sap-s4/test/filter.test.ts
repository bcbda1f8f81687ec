import { describe, expect, it } from 'vitest';
import type { PropertyDef } from '../src/odata/edm.ts';
import { compileFilter } from '../src/odata/filter.ts';

const props: PropertyDef[] = [
  { name: 'Material', type: 'Edm.String' },
  { name: 'Plant', type: 'Edm.String' },
  { name: 'Quantity', type: 'Edm.Decimal', scale: 3 },
  { name: 'ValidFrom', type: 'Edm.DateTime' },
  { name: 'Blocked', type: 'Edm.Boolean' },
];
const rows = [
  { Material: 'NW100001-BLK-M', Plant: '1000', Quantity: '9.5', ValidFrom: Date.UTC(2026, 0, 1), Blocked: false },
  { Material: 'NW100001-BLK-L', Plant: '1000', Quantity: '10', ValidFrom: Date.UTC(2026, 5, 1), Blocked: true },
  { Material: "LO100002-O'NE", Plant: '2000', Quantity: '100', ValidFrom: Date.UTC(2025, 0, 1), Blocked: false },
];
const matching = (filter: string) => rows.filter(compileFilter(filter, props, 'T')).map((r) => r.Material);

describe('$filter (SAP Gateway dialect)', () => {
  it('compares strings, decimals (numerically, not as text) and dates', () => {
    expect(matching("Plant eq '1000'")).toEqual(['NW100001-BLK-M', 'NW100001-BLK-L']);
    expect(matching("Plant ne '1000'")).toEqual(["LO100002-O'NE"]);
    expect(matching('Quantity gt 9.75M')).toEqual(['NW100001-BLK-L', "LO100002-O'NE"]);
    expect(matching('Quantity ge 10 and Quantity lt 100')).toEqual(['NW100001-BLK-L']);
    expect(matching('Quantity le 9.5')).toEqual(['NW100001-BLK-M']);
    expect(matching("ValidFrom le datetime'2026-03-01T00:00:00'")).toEqual(['NW100001-BLK-M', "LO100002-O'NE"]);
    expect(matching('Blocked eq true')).toEqual(['NW100001-BLK-L']);
  });

  it('binds and tighter than or, honours parentheses and not', () => {
    expect(matching("Plant eq '2000' or Plant eq '1000' and Quantity gt 9.75")).toEqual(['NW100001-BLK-L', "LO100002-O'NE"]);
    expect(matching("(Plant eq '2000' or Plant eq '1000') and Quantity gt 9.75")).toEqual(['NW100001-BLK-L', "LO100002-O'NE"]);
    expect(matching("not (Plant eq '1000')")).toEqual(["LO100002-O'NE"]);
    expect(matching("not Plant eq '1000' and Quantity lt 50")).toEqual([]);
  });

  it('supports substringof, startswith, endswith and escaped quotes', () => {
    expect(matching("substringof('BLK', Material)")).toEqual(['NW100001-BLK-M', 'NW100001-BLK-L']);
    expect(matching("substringof('-L', Material) eq true")).toEqual(['NW100001-BLK-L']);
    expect(matching("startswith(Material, 'LO')")).toEqual(["LO100002-O'NE"]);
    expect(matching("endswith(Material,'-M')")).toEqual(['NW100001-BLK-M']);
    expect(matching("Material eq 'LO100002-O''NE'")).toEqual(["LO100002-O'NE"]);
  });

  it('refuses what Gateway refuses, with its error codes', () => {
    expect(() => compileFilter("Colour eq 'red'", props, 'A_ProductType')).toThrow(expect.objectContaining({ status: 400, code: '/IWBEP/CM_MGW_RT/021', message: 'Property Colour not found in type A_ProductType' }));
    expect(() => compileFilter('Plant eq 1000', props, 'T')).toThrow(expect.objectContaining({ status: 400, message: "Invalid parametertype used at function 'eq'" }));
    expect(() => compileFilter("tolower(Material) eq 'x'", props, 'T')).toThrow(expect.objectContaining({ status: 400, message: "Function 'tolower' is not supported" }));
    expect(() => compileFilter("Plant eq '1000' and", props, 'T')).toThrow(expect.objectContaining({ status: 400, message: expect.stringMatching(/^Invalid token detected at position \d+$/) }));
    expect(() => compileFilter("(Plant eq '1000'", props, 'T')).toThrow(expect.objectContaining({ status: 400 }));
  });
});
