import type { Logger } from '@ucg/service-kit';

export interface WebhookSubscription {
  /** The system subscribed to, for logs. */
  system: string;
  /** Subscribes (idempotently: registering again replaces or returns the existing subscription). */
  register: () => Promise<unknown>;
}

export interface WebhookRegistration {
  /** Resolves after the first attempt at every subscription (failed ones keep retrying in the background). */
  done: Promise<void>;
  stop(): void;
}

/**
 * Subscribes a process's webhook receivers at start-up through the connectors. A refused or
 * failed registration is retried with exponential backoff (up to ten minutes apart) until it
 * succeeds or the process stops; until then that system's data refreshes by TTL only.
 */
export function subscribeWebhooks(subscriptions: readonly WebhookSubscription[], logger: Logger): WebhookRegistration {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const attempt = ({ system, register }: WebhookSubscription, delayMs = 1000): Promise<void> =>
    register().then(
      (subscription) => logger.info({ system, subscription }, 'webhook subscription registered'),
      (error: unknown) => {
        logger.warn({ err: error, system, retryInMs: delayMs }, 'webhook subscription failed; trying again');
        if (stopped) return;
        const timer = setTimeout(() => {
          timers.delete(timer);
          void attempt({ system, register }, Math.min(delayMs * 2, 10 * 60_000));
        }, delayMs);
        timer.unref();
        timers.add(timer);
      },
    );
  return {
    done: Promise.all(subscriptions.map((s) => attempt(s))).then(() => undefined),
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
    },
  };
}
