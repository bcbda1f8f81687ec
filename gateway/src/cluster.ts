import cluster from 'node:cluster';
import { onShutdown, type Logger } from '@ucg/service-kit';
import { AggregatorRegistry, type Registry } from 'prom-client';

const METRICS_REQUEST = 'ucg:metrics-request';
const METRICS_REPLY = 'ucg:metrics-reply';

interface MetricsMessage {
  type: typeof METRICS_REQUEST | typeof METRICS_REPLY;
  id: number;
  text?: string;
  error?: string;
}

/** How many workers may die within a minute before the primary gives up (a crash loop, not bad luck). */
const maxRestartsPerMinute = (workers: number) => workers * 3;

/**
 * The primary of a gateway cluster: forks `workers` processes that share the listening port (the
 * primary hands out connections round-robin), replaces any that die, answers workers' requests
 * for the metrics of all of them, and stops them all on SIGINT/SIGTERM. It serves no request itself.
 */
export function runPrimary(workers: number, logger: Logger): void {
  const aggregator = new AggregatorRegistry();
  const deaths: number[] = [];
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  logger.info({ workers }, 'gateway workers starting');

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    deaths.push(now);
    while (deaths.length && now - deaths[0]! > 60_000) deaths.shift();
    if (deaths.length > maxRestartsPerMinute(workers)) {
      logger.fatal({ deaths: deaths.length }, 'gateway workers keep dying; giving up');
      process.exit(1);
    }
    logger.warn({ pid: worker.process.pid, code, signal }, 'gateway worker exited; starting another');
    setTimeout(() => {
      if (!stopping) cluster.fork();
    }, 250);
  });

  cluster.on('message', (worker, message: MetricsMessage) => {
    if (message?.type !== METRICS_REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: METRICS_REPLY, id: message.id, text } satisfies MetricsMessage),
      (error: Error) => worker.send({ type: METRICS_REPLY, id: message.id, error: error.message } satisfies MetricsMessage),
    );
  });

  onShutdown(logger, async () => {
    stopping = true;
    const running = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
    await Promise.all(
      running.map(
        (w) =>
          new Promise<void>((resolve) => {
            w!.once('exit', () => resolve());
            w!.process.kill('SIGTERM');
          }),
      ),
    );
  });
}

/**
 * In a worker: lets the primary collect this worker's `registry`, and answers the metrics of every
 * worker together (so `/metrics` counts the whole gateway, whichever worker serves the scrape).
 */
export function workerMetrics(registry: Registry): () => Promise<string> {
  // Constructing one installs prom-client's worker-side listener; it then reports `registry`.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  let next = 0;
  const waiting = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
  process.on('message', (message: MetricsMessage) => {
    if (message?.type !== METRICS_REPLY) return;
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.error !== undefined) pending.reject(new Error(message.error));
    else pending.resolve(message.text ?? '');
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = next++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error('metrics from the other workers did not arrive within 5 s'));
      }, 5000);
      waiting.set(id, {
        resolve: (text) => {
          clearTimeout(timer);
          resolve(text);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      process.send!({ type: METRICS_REQUEST, id } satisfies MetricsMessage);
    });
}
