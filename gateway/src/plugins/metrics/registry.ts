import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The gateway's Prometheus metrics, in a registry of its own (two gateways in one process, as in
 * tests, never collide). Operation names are label values only up to `maxOperationNames`; past
 * that they count as `(other)`, so a client cannot grow the series without bound.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'ucg_gateway_requests_total', help: 'GraphQL requests by operation, client kind and HTTP status', labelNames: ['operation', 'client', 'status'], registers: [this.registry] });
  readonly latency = new Histogram({ name: 'ucg_gateway_request_duration_seconds', help: 'GraphQL request latency by operation and client kind', labelNames: ['operation', 'client'], buckets: latencyBuckets, registers: [this.registry] });
  readonly errors = new Counter({ name: 'ucg_gateway_errors_total', help: 'Errors returned to clients, by code', labelNames: ['code'], registers: [this.registry] });
  readonly subgraphLatency = new Histogram({ name: 'ucg_gateway_subgraph_fetch_duration_seconds', help: 'Subgraph fetch latency', labelNames: ['subgraph'], buckets: latencyBuckets, registers: [this.registry] });
  readonly subgraphErrors = new Counter({ name: 'ucg_gateway_subgraph_fetch_errors_total', help: 'Failed subgraph fetches, by code', labelNames: ['subgraph', 'code'], registers: [this.registry] });
  readonly apqLookups = new Counter({ name: 'ucg_gateway_persisted_query_lookups_total', help: 'Persisted query lookups: hit or miss in the APQ cache, or answered from a manifest', labelNames: ['result'], registers: [this.registry] });
  readonly entityCache = new Counter({ name: 'ucg_gateway_entity_cache_total', help: 'Entities of subgraph _entities fetches, served from the entity cache (hit: this process; shared_hit: the shared tier in Redis) or fetched (miss)', labelNames: ['subgraph', 'result'], registers: [this.registry] });
  readonly responseCacheInvalidations = new Counter({ name: 'ucg_gateway_response_cache_invalidations_total', help: 'Cached answers dropped because stock of a SKU they show changed', registers: [this.registry] });
  readonly responseCache = new Counter({ name: 'ucg_gateway_response_cache_total', help: 'Anonymous GET requests by response-cache outcome: hit, coalesced (waited for an identical request), miss, pass (not cacheable)', labelNames: ['result'], registers: [this.registry] });
  readonly subgraphDeduplicated = new Counter({ name: 'ucg_gateway_subgraph_fetches_deduplicated_total', help: 'Subgraph fetches answered by an identical fetch already in flight', labelNames: ['subgraph'], registers: [this.registry] });
  // A worker cluster reports the worst worker's state (a sum of states would mean nothing).
  readonly subgraphCircuitState = new Gauge({ name: 'ucg_gateway_subgraph_circuit_state', help: 'Circuit of each subgraph: 0 closed, 1 half-open (one trial fetch), 2 open (fetches fail fast)', labelNames: ['subgraph'], aggregator: 'max', registers: [this.registry] });
  readonly subgraphCircuitTransitions = new Counter({ name: 'ucg_gateway_subgraph_circuit_transitions_total', help: 'Circuit state changes of each subgraph, by the state entered', labelNames: ['subgraph', 'state'], registers: [this.registry] });
  readonly supergraphReloads = new Counter({ name: 'ucg_gateway_supergraph_loads_total', help: 'Supergraph loads (start and hot reloads), by outcome', labelNames: ['outcome'], registers: [this.registry] });
  readonly ready = new Gauge({ name: 'ucg_gateway_ready', help: '1 when /ready answers 200', registers: [this.registry] });
  private readonly names = new Set<string>();

  constructor(private readonly maxOperationNames = 500) {
    collectDefaultMetrics({ register: this.registry, prefix: 'ucg_gateway_' });
  }

  operationLabel(name: string | null | undefined): string {
    if (!name) return '(anonymous)';
    if (this.names.has(name)) return name;
    if (this.names.size >= this.maxOperationNames) return '(other)';
    this.names.add(name);
    return name;
  }
}
