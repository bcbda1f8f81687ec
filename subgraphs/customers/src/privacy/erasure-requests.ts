import type { Store } from '@ucg/store';
import type { KnownReferences } from './person.ts';
import type { ErasureStatus, SystemErasureOutcome } from './types.ts';

/** An erasure request as the Store keeps it: the audit trail, with no e-mail in it. */
export interface ErasureRecord {
  id: string;
  /** `customerIdForEmail(email)`: finds the request again without keeping the address. */
  subject: string;
  status: ErasureStatus;
  systems: SystemErasureOutcome[];
  requestedAt: string;
  completedAt: string | null;
  /** The staff member who asked (token subject). */
  requestedBy: string | null;
  /** Order numbers the selling systems held, kept so a retry can still reach the EU warehouse after they erased. */
  orderReferences: KnownReferences | null;
}

export interface ErasureRequestsOptions {
  dedupeWindowMs: number;
  recordTtlMs: number;
  leaseMs: number;
}

/**
 * Key layout (each request's keys share its hash tag):
 *   `customers:erasure:{<id>}`           the record (JSON), kept `recordTtlMs`
 *   `customers:erasure:{<id>}:lease`     held by the attempt at work, expires after `leaseMs`
 *   `customers:erasure-subject:{<subject>}`  the request id for the person, for `dedupeWindowMs`
 */
export class ErasureRequests {
  constructor(
    private readonly store: Store,
    readonly options: ErasureRequestsOptions,
  ) {}

  private recordKey(id: string): string {
    return `customers:erasure:{${id}}`;
  }

  private leaseKey(id: string): string {
    return `customers:erasure:{${id}}:lease`;
  }

  async get(id: string): Promise<ErasureRecord | null> {
    const raw = await this.store.get(this.recordKey(id));
    return raw ? (JSON.parse(raw) as ErasureRecord) : null;
  }

  async save(record: ErasureRecord): Promise<void> {
    await this.store.set(this.recordKey(record.id), JSON.stringify(record), { ttlMs: this.options.recordTtlMs });
  }

  /** The request that owns the person's dedupe window: `candidate` if none did (`won`), else the existing one. */
  async claimSubject(subject: string, candidate: string): Promise<{ id: string; won: boolean }> {
    const key = `customers:erasure-subject:{${subject}}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.store.set(key, candidate, { onlyIfAbsent: true, ttlMs: this.options.dedupeWindowMs })) return { id: candidate, won: true };
      const existing = await this.store.get(key);
      if (existing) return { id: existing, won: false };
      // The window closed between the two calls: try to open a new one.
    }
    return { id: candidate, won: true };
  }

  async acquireLease(id: string): Promise<boolean> {
    return this.store.set(this.leaseKey(id), '1', { onlyIfAbsent: true, ttlMs: this.options.leaseMs });
  }

  async releaseLease(id: string): Promise<void> {
    await this.store.del([this.leaseKey(id)]);
  }

  /** Waits until nobody holds the request's lease (or `timeoutMs` passes); resolves the record as it then is. */
  async awaitRelease(id: string, timeoutMs: number, pollMs = 100): Promise<ErasureRecord | null> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && (await this.store.pttl(this.leaseKey(id))) !== -2) {
      await new Promise((r) => setTimeout(r, pollMs));
    }
    return this.get(id);
  }
}
