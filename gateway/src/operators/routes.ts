import type { Route } from '@ucg/service-kit';
import { sendJson } from '@ucg/service-kit';
import type { Store } from '@ucg/store';
import type { GatewayMetrics } from '../plugins/metrics/index.ts';
import type { SupergraphState } from '../supergraph/state.ts';

export interface OperatorState {
  supergraph: SupergraphState;
  /** The shared store when it is Redis (readiness then needs it to answer). */
  store?: Store;
  /** False while manifest operations are being planned. */
  warmed: () => boolean;
  metrics?: GatewayMetrics;
  /** The text `/metrics` answers, when not this process's registry alone (workers of a cluster). */
  metricsText?: () => Promise<string>;
}

/**
 * `/health`: the process answers. `/ready`: it can serve traffic (supergraph loaded, Redis
 * answering when configured, manifest operations planned). `/metrics`: Prometheus text.
 */
export function operatorRoutes(state: OperatorState): Route[] {
  const routes: Route[] = [
    { method: 'GET', path: '/health', handler: (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/ready',
      handler: async (_req, res) => {
        const redis = state.store && state.store.kind !== 'memory' ? await state.store.ping().catch(() => false) : undefined;
        const checks = { supergraph: state.supergraph.loaded, ...(redis !== undefined ? { redis } : {}), warmed: state.warmed() };
        const ready = Object.values(checks).every(Boolean);
        state.metrics?.ready.set(ready ? 1 : 0);
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
      },
    },
  ];
  const metrics = state.metrics;
  if (metrics) {
    routes.push({
      method: 'GET',
      path: '/metrics',
      handler: async (_req, res) => {
        const text = await (state.metricsText ?? (() => metrics.registry.metrics()))();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
      },
    });
  }
  return routes;
}
