import { createHash } from 'node:crypto';
import type { Store } from '@ucg/store';

interface Claim {
  state: 'pending' | 'done';
  fingerprint: string;
  number?: string;
}

export type ClaimOutcome =
  | { kind: 'claimed' }
  /** The key already raised this purchase order. */
  | { kind: 'done'; number: string }
  /** The key was used for a different request. */
  | { kind: 'mismatch' }
  /** Another call with this key is still running. */
  | { kind: 'busy' };

export interface IdempotencyOptions {
  /** How long a finished key is remembered. */
  retainMs: number;
  /** A claim not finished within this time is abandoned (the process died) and may be taken again. */
  pendingMs?: number;
}

/**
 * Idempotency keys of purchase orders. The ERP has no external reference for a purchase order,
 * so the graph remembers which order each key raised (in the shared store, so every replica
 * agrees). A key is claimed before the ERP call and finished with the order number after it.
 */
export class IdempotencyKeys {
  constructor(private readonly store: Store) {}

  private key(idempotencyKey: string): string {
    return `inventory:po:{${createHash('sha256').update(idempotencyKey).digest('hex')}}`;
  }

  async claim(idempotencyKey: string, fingerprint: string, options: IdempotencyOptions): Promise<ClaimOutcome> {
    const key = this.key(idempotencyKey);
    const claim: Claim = { state: 'pending', fingerprint };
    if (await this.store.set(key, JSON.stringify(claim), { onlyIfAbsent: true, ttlMs: options.pendingMs ?? 60_000 })) return { kind: 'claimed' };
    const raw = await this.store.get(key);
    if (raw === null) return this.claim(idempotencyKey, fingerprint, options);
    const existing = JSON.parse(raw) as Claim;
    if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
    return existing.state === 'done' && existing.number ? { kind: 'done', number: existing.number } : { kind: 'busy' };
  }

  async finish(idempotencyKey: string, fingerprint: string, number: string, options: IdempotencyOptions): Promise<void> {
    const claim: Claim = { state: 'done', fingerprint, number };
    await this.store.set(this.key(idempotencyKey), JSON.stringify(claim), { ttlMs: options.retainMs });
  }

  /** Gives a claim up (the request failed before the ERP raised anything), so a retry may proceed. */
  async release(idempotencyKey: string): Promise<void> {
    await this.store.del([this.key(idempotencyKey)]);
  }

  /** Waits for a busy key's order number, or null when it is still busy after `timeoutMs`. */
  async waitForDone(idempotencyKey: string, fingerprint: string, options: IdempotencyOptions, timeoutMs: number): Promise<ClaimOutcome> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const outcome = await this.claim(idempotencyKey, fingerprint, options);
      if (outcome.kind !== 'busy' || Date.now() > deadline) return outcome;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A stable digest of a request, so a key reused for something else is caught. */
export function fingerprintOf(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== null).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)])) : v;
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex');
}
