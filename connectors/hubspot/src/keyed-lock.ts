/**
 * Runs tasks for the same key one after another. HubSpot has no conditional update (no ETag, no
 * version check), so two read-modify-write loyalty updates of one contact must not interleave.
 * The default lock only serialises within this process; inject a distributed one (a Redis lock)
 * when several instances write loyalty.
 */
export type KeyedLock = <T>(key: string, task: () => Promise<T>) => Promise<T>;

export function createInProcessLock(): KeyedLock {
  const tails = new Map<string, Promise<unknown>>();
  return async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
