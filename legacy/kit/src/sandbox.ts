import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

export interface Faults {
  /** Added to every vendor call. */
  latencyMs: number;
  /** Up to this much more, uniformly at random. */
  jitterMs: number;
  /** Share of vendor calls answered with the vendor's own outage response. */
  errorRate: number;
  /** Dead: connections are dropped without an answer. */
  down: boolean;
}

export const faultsSchema = z.object({
  latencyMs: z.number().int().min(0).max(120_000).optional(),
  jitterMs: z.number().int().min(0).max(120_000).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  down: z.boolean().optional(),
}).strict();

export interface SandboxOptions {
  /** Realistic latency for this product; replaced by zero when UCG_LEGACY_LATENCY=off. */
  defaultLatency: { latencyMs: number; jitterMs: number };
  /** Answers an injected error the way the vendor answers an outage. */
  faultReply?: (reply: FastifyReply) => FastifyReply;
  /** Restores seeded data on `POST /__sandbox/reset`. */
  onReset?: () => void | Promise<void>;
  env?: NodeJS.ProcessEnv;
}

export class SandboxState {
  faults: Faults;
  calls = new Map<string, number>();

  constructor(private readonly initial: Faults) {
    this.faults = { ...initial };
  }

  reset(): void {
    this.faults = { ...this.initial };
    this.calls.clear();
  }

  count(endpoint: string): void {
    this.calls.set(endpoint, (this.calls.get(endpoint) ?? 0) + 1);
  }

  snapshot(): { total: number; byEndpoint: Record<string, number> } {
    const byEndpoint = Object.fromEntries([...this.calls].sort(([a], [b]) => a.localeCompare(b)));
    return { total: [...this.calls.values()].reduce((a, b) => a + b, 0), byEndpoint };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The endpoint a call is counted under: the route pattern, so that `/orders/1` and `/orders/2` add up. */
function endpointOf(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
}

/**
 * Adds `/__sandbox/{faults,reset,calls}` and applies the faults to every other route: tests make a
 * stand-in slow, flaky or dead, and count how many calls the graph made.
 */
export function installSandbox(app: FastifyInstance, options: SandboxOptions): SandboxState {
  const env = options.env ?? process.env;
  const latencyOff = env.UCG_LEGACY_LATENCY === 'off' || env.UCG_LEGACY_LATENCY === '0';
  const state = new SandboxState({
    latencyMs: latencyOff ? 0 : options.defaultLatency.latencyMs,
    jitterMs: latencyOff ? 0 : options.defaultLatency.jitterMs,
    errorRate: 0,
    down: false,
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/__sandbox/') || request.url === '/health') return;
    state.count(endpointOf(request));
    const { down, latencyMs, jitterMs, errorRate } = state.faults;
    if (down) {
      // A dead system does not answer; the client sees its connection reset.
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    const delay = latencyMs + (jitterMs ? Math.random() * jitterMs : 0);
    if (delay > 0) await sleep(delay);
    if (errorRate > 0 && Math.random() < errorRate) {
      const answer = options.faultReply ? options.faultReply(reply) : reply.code(503).send({ error: 'Service Unavailable' });
      return answer;
    }
  });

  app.post('/__sandbox/faults', async (request, reply) => {
    const parsed = faultsSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ code: 'SANDBOX_BAD_FAULTS', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    state.faults = { ...state.faults, ...Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) };
    return state.faults;
  });
  app.get('/__sandbox/faults', async () => state.faults);
  app.post('/__sandbox/reset', async () => {
    state.reset();
    await options.onReset?.();
    return { reset: true };
  });
  app.get('/__sandbox/calls', async () => state.snapshot());
  app.get('/health', async () => ({ status: 'ok' }));
  return state;
}
