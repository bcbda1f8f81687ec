import autocannon, { type Request } from 'autocannon';
import { percentile } from './zipf.ts';

export interface LoadOptions {
  connections: number;
  durationS: number;
  /** Per-request timeout, in seconds. @default 10 */
  timeoutS?: number;
  /** Count 2xx answers carrying GraphQL `errors` (not for the ceiling, which replays what it recorded). @default true */
  bodyErrors?: boolean;
}

export interface LoadResult {
  /** Answered requests (any status). */
  requests: number;
  /** Requests that got no answer: connection errors and timeouts. */
  unanswered: number;
  /**
   * Mean time a request really took, by Little's law (connections ÷ req/s). Far above p50–p95 when
   * some requests outlast the run: the percentiles only see the answers that came back.
   */
  littleMeanMs: number;
  durationS: number;
  rps: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** Non-2xx answers, socket errors and timeouts, and 2xx answers carrying GraphQL `errors`. */
  errors: number;
  /** Answers by `x-ucg-cache` (our gateway only). */
  cache: Record<string, number>;
  /** The first error message seen, to say why a workload fails. */
  sampleError?: string;
}

function firstError(status: number, body: string): string | undefined {
  if (status >= 200 && status < 300 && !body.includes('"errors"')) return undefined;
  try {
    const parsed = JSON.parse(body) as { errors?: { message?: string; extensions?: { code?: string } }[] };
    const e = parsed.errors?.[0];
    if (e) return `${e.extensions?.code ?? 'ERROR'}: ${e.message ?? ''}`.slice(0, 200);
  } catch {
    // not JSON
  }
  return `HTTP ${status}: ${body.slice(0, 120)}`;
}

/**
 * Drives `base` with a closed loop of `connections` connections for a fixed time, each running
 * `sequence` over and over (autocannon). Latency percentiles are over every answer; an answer is an
 * error when it is not 2xx or carries GraphQL `errors`.
 */
export async function drive(base: string, sequence: Request[], options: LoadOptions): Promise<LoadResult> {
  let errors = 0;
  let sampleError: string | undefined;
  const cache: Record<string, number> = {};
  const latencies: number[] = [];
  const requests = sequence.map((r) => ({
    ...r,
    onResponse: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => {
      // A compressed body reaches us mangled (autocannon decodes it as text): it cannot be read, so
      // only its status counts. Only our response cache compresses, and it never stores an answer with errors.
      const unreadable = headers['content-encoding'] !== undefined;
      const error = (options.bodyErrors === false || unreadable) && status >= 200 && status < 300 ? undefined : firstError(status, body);
      if (error) {
        errors++;
        sampleError ??= error;
      }
      const outcome = headers['x-ucg-cache'];
      if (outcome) cache[outcome] = (cache[outcome] ?? 0) + 1;
      r.onResponse?.(status, body, context, headers);
    },
  }));
  const instance = autocannon({ url: base, connections: options.connections, duration: options.durationS, timeout: options.timeoutS ?? 10, requests });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => void latencies.push(ms));
  const result = await instance;
  const sorted = Float64Array.from(latencies).sort();
  const socketErrors = result.errors + result.timeouts;
  if (socketErrors && !sampleError) sampleError = `${result.errors} connection errors, ${result.timeouts} timeouts`;
  return {
    requests: latencies.length,
    unanswered: socketErrors,
    littleMeanMs: latencies.length ? (options.connections * result.duration * 1000) / latencies.length : Number.NaN,
    durationS: result.duration,
    rps: latencies.length / result.duration,
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    errors: errors + socketErrors,
    cache,
    ...(sampleError ? { sampleError } : {}),
  };
}
