import Big from 'big.js';
import { ODataError } from './errors.ts';

/** The EDM primitive types the S/4HANA APIs we serve use. */
export type EdmType = 'Edm.String' | 'Edm.Decimal' | 'Edm.DateTime' | 'Edm.DateTimeOffset' | 'Edm.Boolean' | 'Edm.Int32' | 'Edm.Byte';

/**
 * A row as the stand-in stores it: strings for Edm.String and Edm.Decimal (a canonical decimal
 * string, never a float), epoch milliseconds for dates, booleans and integers as themselves.
 */
export type Row = Record<string, unknown>;

export interface PropertyDef {
  name: string;
  type: EdmType;
  maxLength?: number;
  precision?: number;
  scale?: number;
  /** Key properties and a few mandatory fields are not nullable. */
  nullable?: boolean;
  /** For amounts: the property holding their currency (`sap:unit`); they are then shown with the currency's decimals. */
  currency?: string;
  /** For quantities: the property holding their unit (`sap:unit`). */
  unit?: string;
  label?: string;
  /** `sap:creatable="false"`: set by the system, refused in a create payload. */
  readOnly?: boolean;
}

const currencyDecimals: Record<string, number> = { JPY: 0, KRW: 0 };

/** `/Date(1700000000000)/`, as OData v2 JSON writes Edm.DateTime. */
export function toODataDate(ms: number): string {
  return `/Date(${ms})/`;
}

/** Reads `/Date(ms)/`, `/Date(ms+0000)/` or an ISO string, as SAP Gateway accepts in payloads. */
export function parseODataDate(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value);
  if (m) return Number(m[1]);
  const iso = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(iso) ? undefined : iso;
}

/** Midnight UTC of a date: SAP DATS fields travel as Edm.DateTime at 00:00 UTC. */
export function sapDate(iso: string | number): number {
  const d = new Date(iso);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/** The "unlimited" validity end SAP uses: 9999-12-31. */
export const END_OF_TIME = Date.UTC(9999, 11, 31);

/** Formats a stored value for the JSON wire (decimals as strings with their scale, dates as /Date()/). */
export function formatValue(prop: PropertyDef, value: unknown, row: Row): unknown {
  if (value === null || value === undefined) {
    if (prop.type === 'Edm.String') return '';
    return prop.type === 'Edm.Boolean' ? false : null;
  }
  switch (prop.type) {
    case 'Edm.Decimal': {
      const currency = prop.currency ? String(row[prop.currency] ?? '') : '';
      const scale = prop.currency ? (currencyDecimals[currency] ?? 2) : (prop.scale ?? 0);
      return new Big(value as string).toFixed(scale);
    }
    case 'Edm.DateTime':
      return toODataDate(value as number);
    case 'Edm.DateTimeOffset':
      return `/Date(${value as number}+0000)/`;
    default:
      return value;
  }
}

/** Reads one property of a create/update payload into the stored form, or refuses it as SAP Gateway does. */
export function parseValue(prop: PropertyDef, value: unknown, entityType: string): unknown {
  const invalid = () => new ODataError(400, '/IWBEP/CM_MGW_RT/006', `Property '${prop.name}' has invalid value '${String(value)}' in entity type '${entityType}'`);
  if (value === null) {
    if (prop.nullable === false) throw invalid();
    return null;
  }
  switch (prop.type) {
    case 'Edm.String':
      if (typeof value !== 'string') throw invalid();
      if (prop.maxLength !== undefined && value.length > prop.maxLength) throw invalid();
      return value;
    case 'Edm.Decimal':
      if (typeof value !== 'string' && typeof value !== 'number') throw invalid();
      try {
        return new Big(value).toString();
      } catch {
        throw invalid();
      }
    case 'Edm.DateTime':
    case 'Edm.DateTimeOffset': {
      const ms = parseODataDate(value);
      if (ms === undefined) throw invalid();
      return ms;
    }
    case 'Edm.Boolean':
      if (typeof value !== 'boolean') throw invalid();
      return value;
    default:
      if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid();
      return value;
  }
}

/** Compares two stored values of one EDM type (decimals numerically, strings by code point). */
export function compareValues(type: EdmType, a: unknown, b: unknown): number {
  if (a === null || a === undefined || a === '') return b === null || b === undefined || b === '' ? 0 : -1;
  if (b === null || b === undefined || b === '') return 1;
  if (type === 'Edm.Decimal') return new Big(a as string).cmp(b as string);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** A key predicate value as it appears in a URI: `'text'`, `datetime'…'` or a bare number. */
export function formatKeyValue(prop: PropertyDef, value: unknown): string {
  if (prop.type === 'Edm.DateTime') return `datetime'${new Date(value as number).toISOString().slice(0, 19)}'`;
  if (prop.type === 'Edm.Decimal') return `${String(value)}M`;
  if (prop.type === 'Edm.String') return `'${encodeURIComponent(String(value).replace(/'/g, "''"))}'`;
  return String(value);
}
