import type { Logger } from '@ucg/service-kit';
import { describeFailure } from './failure.ts';
import type { PersonLookup } from './person.ts';
import type { PrivacySystem } from './systems.ts';
import type { ErasureStatus, PrivacySystemId, SystemErasureOutcome } from './types.ts';

/** Erases in the given systems in parallel; each gets its own outcome, a failure never stops the others. */
export async function eraseEverywhere(systems: readonly PrivacySystem[], person: PersonLookup, logger: Logger): Promise<SystemErasureOutcome[]> {
  const settled = await Promise.allSettled(systems.map((s) => s.erasePerson(person)));
  return settled.map((outcome, i): SystemErasureOutcome => {
    const system = systems[i]!.id;
    if (outcome.status === 'fulfilled') return { system, status: outcome.value.status, detail: outcome.value.detail ?? null, code: null };
    const failure = describeFailure(outcome.reason);
    logger.error({ system, code: failure.code, err: outcome.reason }, 'erasure: a system failed');
    return { system, status: 'FAILED', detail: failure.detail, code: failure.code };
  });
}

/** COMPLETED when every system answered, FAILED when none did, PARTIAL in between. */
export function overallStatus(outcomes: readonly SystemErasureOutcome[], expected: readonly PrivacySystemId[]): Exclude<ErasureStatus, 'IN_PROGRESS'> {
  const answered = expected.filter((s) => outcomes.some((o) => o.system === s && o.status !== 'FAILED'));
  if (answered.length === expected.length) return 'COMPLETED';
  return answered.length === 0 ? 'FAILED' : 'PARTIAL';
}

/** Earlier outcomes with the re-run systems' new ones in their place, in the report's system order. */
export function mergeOutcomes(earlier: readonly SystemErasureOutcome[], rerun: readonly SystemErasureOutcome[], order: readonly PrivacySystemId[]): SystemErasureOutcome[] {
  const bySystem = new Map(earlier.map((o) => [o.system, o]));
  for (const o of rerun) bySystem.set(o.system, o);
  return order.flatMap((s) => (bySystem.has(s) ? [bySystem.get(s)!] : []));
}
