/** OData v2 wire helpers the SAP connector shares (literals, dates, filters, envelopes). */

export const ODATA_ROOT = '/sap/opu/odata/sap';

/** Services this connector talks to. */
export type SapService =
  | 'API_PRODUCT_SRV'
  | 'API_MATERIAL_STOCK_SRV'
  | 'API_SLSPRICINGCONDITIONRECORD_SRV'
  | 'API_SALES_ORDER_SRV'
  | 'API_PURCHASEORDER_PROCESS_SRV'
  | 'API_EXCHANGERATE_SRV'
  | 'API_BUSINESS_PARTNER';

/** OData v2 `d.results` envelope, with server-driven paging. */
export interface ODataList<T> {
  d: { results: T[]; __next?: string; __count?: string };
}

/** Quotes a value for an OData v2 string literal. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `datetime'2026-11-20T00:00:00'` for an Edm.DateTime comparison. */
export function odataDateTime(date: Date): string {
  return `datetime'${date.toISOString().slice(0, 19)}'`;
}

/** `/Date(1700000000000)/` (or with an offset) → ISO-8601; null for empty values. */
export function parseODataDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value);
  if (!m) return null;
  return new Date(Number(m[1])).toISOString();
}

/** `/Date(ms)/` for a payload. */
export function toODataDate(iso: string | Date): string {
  return `/Date(${new Date(iso).getTime()})/`;
}

/** `(P eq 'a' or P eq 'b')`. */
export function anyOf(property: string, values: readonly string[]): string {
  return `(${values.map((v) => `${property} eq ${odataString(v)}`).join(' or ')})`;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Drops `__metadata` and `__deferred` links: what is left is the data the system holds. */
export function stripMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripMetadata);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '__metadata') continue;
    if (typeof v === 'object' && v !== null && '__deferred' in v) continue;
    out[k] = typeof v === 'object' && v !== null && 'results' in v && Array.isArray((v as { results: unknown }).results) ? stripMetadata((v as { results: unknown[] }).results) : stripMetadata(v);
  }
  return out;
}

/** Expanded to-many navigation: `{ results: [...] }` → the array (empty when absent or deferred). */
export function expanded<T>(value: { results?: T[] } | undefined | null): T[] {
  return Array.isArray(value?.results) ? value.results : [];
}
