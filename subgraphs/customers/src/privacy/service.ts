import { randomUUID } from 'node:crypto';
import { customerIdForEmail } from '@ucg/request-context';
import type { Logger } from '@ucg/service-kit';
import type { CustomerSystems } from '../connectors.ts';
import { eraseEverywhere, mergeOutcomes, overallStatus } from './erasure.ts';
import { ErasureRequests, type ErasureRecord } from './erasure-requests.ts';
import { exportEverywhere, type DataExport } from './export.ts';
import { PersonLookup } from './person.ts';
import type { PrivacySystem } from './systems.ts';

/** How long a duplicate erasure waits for the attempt at work before answering with its state so far. */
const DUPLICATE_WAIT_MS = 20_000;

/**
 * Access and erasure requests across every system. An erasure request is recorded in the Store
 * before any system is called; a retry for the same person within the dedupe window returns that
 * request, and re-runs only the systems that failed (or never answered, after a crash).
 */
export class PrivacyService {
  private readonly order: PrivacySystem['id'][];

  constructor(
    private readonly systems: readonly PrivacySystem[],
    private readonly selling: Pick<CustomerSystems, 'webstore' | 'marketplace'>,
    private readonly requests: ErasureRequests,
    /** Drops the graph's cached copies of the person's legacy data (run after every erasure attempt). */
    private readonly forgetCached: (email: string) => Promise<void> = async () => {},
  ) {
    this.order = systems.map((s) => s.id);
  }

  exportData(email: string, logger: Logger): Promise<DataExport> {
    return exportEverywhere(this.systems, new PersonLookup(email, this.selling), logger);
  }

  request(id: string): Promise<ErasureRecord | null> {
    return this.requests.get(id);
  }

  async erase(email: string, requestedBy: string | null, logger: Logger): Promise<ErasureRecord> {
    const subject = customerIdForEmail(email);
    const { id, won } = await this.requests.claimSubject(subject, `era_${randomUUID()}`);
    const log = logger.child({ erasureRequest: id });
    if (!(await this.requests.acquireLease(id))) {
      // Another attempt is at work on this request: wait for it rather than erase twice (then report it as it stands).
      const done = await this.requests.awaitRelease(id, Math.min(this.requests.options.leaseMs, DUPLICATE_WAIT_MS));
      return done ?? this.fresh(id, subject, requestedBy);
    }
    try {
      const existing = won ? null : await this.requests.get(id);
      if (existing?.status === 'COMPLETED') return existing;
      const record = existing ?? this.fresh(id, subject, requestedBy);
      return await this.run(record, email, log);
    } finally {
      await this.requests.releaseLease(id).catch((error: unknown) => log.warn({ err: error }, 'could not release the erasure lease; it expires on its own'));
    }
  }

  private fresh(id: string, subject: string, requestedBy: string | null): ErasureRecord {
    return { id, subject, status: 'IN_PROGRESS', systems: [], requestedAt: new Date().toISOString(), completedAt: null, requestedBy, orderReferences: null };
  }

  /** Runs the systems without a final answer yet and records the outcome. */
  private async run(record: ErasureRecord, email: string, logger: Logger): Promise<ErasureRecord> {
    const pending = this.systems.filter((s) => !record.systems.some((o) => o.system === s.id && o.status !== 'FAILED'));
    await this.requests.save({ ...record, status: 'IN_PROGRESS', completedAt: null });
    const person = new PersonLookup(email, this.selling, record.orderReferences);
    const outcomes = await eraseEverywhere(pending, person, logger);
    // Whatever the systems answered, cached copies go: the next read asks the systems themselves.
    await this.forgetCached(email).catch((error: unknown) => logger.warn({ err: error }, 'could not drop cached copies of the person; they expire with their TTL'));
    const references = await person.knownReferences();
    const systems = mergeOutcomes(record.systems, outcomes, this.order);
    const done: ErasureRecord = {
      ...record,
      systems,
      status: overallStatus(systems, this.order),
      completedAt: new Date().toISOString(),
      orderReferences: references,
    };
    await this.requests.save(done);
    logger.info({ status: done.status, systems: systems.map((s) => `${s.system}:${s.status}`) }, 'erasure request recorded');
    return done;
  }
}
