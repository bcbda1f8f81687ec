import type { UserError } from '../errors.ts';

/**
 * One step of a cross-system write (Medusa-style): what it does, and how to undo it if a later
 * step fails. Steps are idempotent under their run's keys, so a resumed checkout may run them again.
 */
export interface Step<C> {
  name: string;
  invoke(run: C): Promise<void>;
  /** Undoes a completed `invoke`; never called for the step that failed (its effect is unknown or nil). */
  compensate?(run: C): Promise<void>;
}

/** An expected business failure inside a step: becomes the payload's userError after compensation. */
export class StepFailure extends Error {
  constructor(readonly userError: UserError) {
    super(userError.message);
    this.name = 'StepFailure';
  }
}

export type WorkflowOutcome = { ok: true } | { ok: false; step: string; error: unknown; compensationErrors: { step: string; error: unknown }[] };

/** Runs steps in order; when one throws, compensates the completed ones in reverse order. */
export async function runWorkflow<C>(steps: readonly Step<C>[], run: C): Promise<WorkflowOutcome> {
  const done: Step<C>[] = [];
  for (const step of steps) {
    try {
      await step.invoke(run);
      done.push(step);
    } catch (error) {
      const compensationErrors: { step: string; error: unknown }[] = [];
      for (const completed of done.reverse()) {
        try {
          await completed.compensate?.(run);
        } catch (compensationError) {
          compensationErrors.push({ step: completed.name, error: compensationError });
        }
      }
      return { ok: false, step: step.name, error, compensationErrors };
    }
  }
  return { ok: true };
}
