import { LedgerError } from './errors.ts';
import type { Instant } from './types.ts';

export function toMs(value: Instant, what: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new LedgerError('LEDGER_INVALID_ARGUMENT', `${what}: not a time: ${String(value)}`);
  return Math.round(ms);
}

export function iso(ms: string | number): string {
  return new Date(Number(ms)).toISOString();
}

export function positiveQuantity(quantity: number): number {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw new LedgerError('LEDGER_INVALID_QUANTITY', `quantity must be a positive whole number, not ${quantity}`);
  }
  return quantity;
}

export function wholeQuantity(quantity: number): number {
  if (!Number.isSafeInteger(quantity)) throw new LedgerError('LEDGER_INVALID_QUANTITY', `on hand must be a whole number, not ${quantity}`);
  return quantity;
}

export function nonEmpty(value: string, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new LedgerError('LEDGER_INVALID_ARGUMENT', `${what} must be a non-empty string`);
  return value;
}
