import type { PropertyDef, Row } from './edm.ts';

/** A navigation property (`to_Item`): which entity set it leads to and how to find the related rows. */
export interface NavigationDef {
  name: string;
  /** Entity set (of the same service) the navigation leads to. */
  target: string;
  many: boolean;
  resolve(parent: Row): readonly Row[];
}

/** A parsed create payload: converted properties plus nested (deep-insert) payloads per navigation. */
export interface Payload {
  values: Row;
  nested: Record<string, Payload[]>;
}

export interface EntitySetDef {
  /** Entity set name, e.g. `A_SalesOrder`. */
  name: string;
  /** Entity type name, e.g. `A_SalesOrderType`. */
  type: string;
  label?: string;
  keys: string[];
  properties: PropertyDef[];
  navigations?: NavigationDef[];
  /** The rows, in the order Gateway returns them without `$orderby` (by key). */
  rows(): readonly Row[];
  /** Fast key lookup; defaults to a scan of `rows()`. */
  find?(key: Row): Row | undefined;
  /** Properties with an equality index (`Material`): `$filter` pinning them avoids a full scan. */
  lookup?: Record<string, (value: string) => readonly Row[]>;
  /** POST (deep insert); throws ODataError for business errors. Absent: the set is read-only. */
  create?(payload: Payload): Row;
  /** PATCH/MERGE/PUT; throws ODataError. Absent: not updatable. */
  update?(row: Row, changes: Row): Row;
}

export interface ServiceDef {
  /** Technical service name, e.g. `API_SALES_ORDER_SRV`. */
  name: string;
  /** Application component, reported in error bodies (e.g. `SD-SLS-API`). */
  component: string;
  sets: EntitySetDef[];
}

/** Builds a key → row index for `find`. */
export function keyIndex(keys: readonly string[], rows: () => readonly Row[]): (key: Row) => Row | undefined {
  let cache: { source: readonly Row[]; size: number; map: Map<string, Row> } | undefined;
  const keyOf = (row: Row) => keys.map((k) => String(row[k])).join('\u0000');
  return (key) => {
    const source = rows();
    if (!cache || cache.source !== source || cache.size !== source.length) {
      cache = { source, size: source.length, map: new Map(source.map((r) => [keyOf(r), r])) };
    }
    return cache.map.get(keyOf(key));
  };
}

/** Groups rows by one property, for navigation and `lookup` indexes. */
export function groupIndex(property: string, rows: () => readonly Row[]): (value: string) => readonly Row[] {
  let cache: { source: readonly Row[]; size: number; map: Map<string, Row[]> } | undefined;
  return (value) => {
    const source = rows();
    if (!cache || cache.source !== source || cache.size !== source.length) {
      const map = new Map<string, Row[]>();
      for (const row of source) {
        const k = String(row[property]);
        const list = map.get(k);
        if (list) list.push(row);
        else map.set(k, [row]);
      }
      cache = { source, size: source.length, map };
    }
    return cache.map.get(value) ?? [];
  };
}

/** Shorthand constructors for property definitions, so service files read like the EDMX they mirror. */
export const p = {
  str: (name: string, maxLength: number, extra: Partial<PropertyDef> = {}): PropertyDef => ({ name, type: 'Edm.String', maxLength, ...extra }),
  dec: (name: string, precision: number, scale: number, extra: Partial<PropertyDef> = {}): PropertyDef => ({ name, type: 'Edm.Decimal', precision, scale, ...extra }),
  date: (name: string, extra: Partial<PropertyDef> = {}): PropertyDef => ({ name, type: 'Edm.DateTime', precision: 0, ...extra }),
  stamp: (name: string, extra: Partial<PropertyDef> = {}): PropertyDef => ({ name, type: 'Edm.DateTimeOffset', precision: 7, ...extra }),
  bool: (name: string, extra: Partial<PropertyDef> = {}): PropertyDef => ({ name, type: 'Edm.Boolean', ...extra }),
  key: (name: string, maxLength: number, extra: Partial<PropertyDef> = {}): PropertyDef => ({ name, type: 'Edm.String', maxLength, nullable: false, ...extra }),
};
