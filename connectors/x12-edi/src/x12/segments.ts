import { X12TransactionMap, type X12Segment, type X12Transaction } from 'node-x12';

/**
 * Header values of a transaction set by node-x12 query (`'W0602'`, `'N902:N901["2I"]'`); a value
 * that is absent comes back as null, never as an empty string.
 */
export function query<K extends string>(transaction: X12Transaction, map: Record<K, string>): Record<K, string | null> {
  const raw = new X12TransactionMap(map, transaction).toObject() as Record<K, string | null>;
  const out = {} as Record<K, string | null>;
  for (const key of Object.keys(map) as K[]) out[key] = raw[key]?.trim() || null;
  return out;
}

/**
 * The repetitions of a loop: each starts at a `start` segment and runs until the next one or a
 * segment of the summary area (`end`). X12 loops are defined by their first segment.
 */
export function loops(transaction: X12Transaction, start: string, end: readonly string[] = []): X12Segment[][] {
  const result: X12Segment[][] = [];
  let current: X12Segment[] | null = null;
  for (const segment of transaction.segments) {
    if (segment.tag === start) result.push((current = [segment]));
    else if (end.includes(segment.tag)) current = null;
    else current?.push(segment);
  }
  return result;
}

/** An element value, trimmed; null when absent or blank. */
export function value(segment: X12Segment | undefined, position: number): string | null {
  return segment?.valueOf(position, '')?.trim() || null;
}

/**
 * ISO timestamp from an X12 date (CCYYMMDD) and time (HHMM, HHMMSS, HHMMSSD or HHMMSSDD), read as
 * UTC per the trading partner agreement. Throws on anything else, so bad dates never pass silently.
 */
export function x12Timestamp(date: string | null, time: string | null): string {
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(date ?? '');
  const t = /^(\d{2})(\d{2})(\d{2})?(\d{1,2})?$/.exec(time ?? '0000');
  if (!d || !t) throw new Error(`invalid X12 date/time "${date ?? ''}" "${time ?? ''}"`);
  const fraction = t[4] ? Number(t[4].padEnd(2, '0')) * 10 : 0;
  const at = new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3] ?? 0), fraction));
  if (Number.isNaN(at.getTime()) || at.getUTCDate() !== Number(d[3])) throw new Error(`invalid X12 date "${date}"`);
  return at.toISOString();
}
