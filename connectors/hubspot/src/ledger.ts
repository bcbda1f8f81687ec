import { HubSpotError } from './errors.ts';

/**
 * The loyalty ledger: the most recent operations applied to a contact's loyalty, kept in a
 * custom textarea property beside the balances, one `id<TAB>at<TAB>what` line per operation,
 * oldest first. It is written in the same update as the balances, so "the operation is in the
 * ledger" and "its amounts are in the balances" are always true together.
 */
export interface LedgerEntry {
  id: string;
  at: string;
  detail: string;
}

const MAX_ID_LENGTH = 100;

/** Operation ids are caller-chosen (an order number, a checkout id); they must fit on one ledger line. */
export function assertOperationId(id: string): void {
  if (!id || id.length > MAX_ID_LENGTH || /[\t\r\n]/.test(id)) {
    throw new HubSpotError('LOYALTY_BAD_OPERATION', `operation id must be 1-${MAX_ID_LENGTH} characters without tabs or line breaks`);
  }
}

export function parseLedger(value: string | null | undefined): LedgerEntry[] {
  if (!value) return [];
  return value.split('\n').filter(Boolean).map((line) => {
    const [id = '', at = '', ...rest] = line.split('\t');
    return { id, at, detail: rest.join('\t') };
  });
}

export function hasOperation(ledger: readonly LedgerEntry[], id: string): boolean {
  return ledger.some((e) => e.id === id);
}

/** Appends and keeps the newest `size` entries: the window in which a retry is recognised. */
export function appendLedger(ledger: readonly LedgerEntry[], entry: LedgerEntry, size: number): string {
  return [...ledger, entry].slice(-size).map((e) => `${e.id}\t${e.at}\t${e.detail}`).join('\n');
}
