import type { Logger } from '@ucg/service-kit';
import { describeFailure } from './failure.ts';
import type { PersonLookup } from './person.ts';
import type { PrivacySystem } from './systems.ts';
import type { PersonRecords, PrivacySystemId } from './types.ts';

export interface SystemExport {
  system: PrivacySystemId;
  /** Absent when the system could not be read. */
  result?: PersonRecords;
  error?: unknown;
}

export interface DataExport {
  email: string;
  systems: SystemExport[];
  complete: boolean;
  /** Per system: its records as it holds them, or the code of why it could not be read. */
  document: Record<string, { recordCount: number; records: unknown[] } | { error: { code: string } }>;
}

/** Asks every system at once; one system failing leaves its entry without a count, never the others. */
export async function exportEverywhere(systems: readonly PrivacySystem[], person: PersonLookup, logger: Logger): Promise<DataExport> {
  const settled = await Promise.allSettled(systems.map((s) => s.exportPerson(person)));
  const entries: SystemExport[] = settled.map((outcome, i) => {
    const system = systems[i]!.id;
    if (outcome.status === 'fulfilled') return { system, result: outcome.value };
    logger.warn({ system, code: describeFailure(outcome.reason).code, err: outcome.reason }, 'data export: a system could not be read');
    return { system, error: outcome.reason };
  });
  const document: DataExport['document'] = {};
  for (const e of entries) {
    document[e.system] = e.result ? { recordCount: e.result.recordCount, records: e.result.records } : { error: { code: describeFailure(e.error).code } };
  }
  return { email: person.email, systems: entries, complete: entries.every((e) => e.result), document };
}
