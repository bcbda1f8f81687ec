import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, isBrokenCircuitError, type CircuitBreakerPolicy } from 'cockatiel';
import type { Logger } from '@ucg/service-kit';
import type { Response } from 'undici';
import type { GatewayMetrics } from './plugins/metrics/index.ts';

export interface BreakerOptions {
  /** Consecutive failed fetches (network error, timeout, HTTP 5xx) that open the circuit. */
  threshold: number;
  /** How long an open circuit refuses fetches before letting one through as a trial. */
  halfOpenAfterMs: number;
}

/** The states as `/metrics` reports them (`ucg_gateway_subgraph_circuit_state`). */
export const circuitStateValue = { closed: 0, 'half-open': 1, open: 2 } as const;
export type CircuitStateName = keyof typeof circuitStateValue;

const stateName = (state: CircuitState): CircuitStateName => (state === CircuitState.Closed ? 'closed' : state === CircuitState.HalfOpen ? 'half-open' : 'open');

/** True for the error a fetch fails with while its subgraph's circuit is open. */
export const isCircuitOpen = isBrokenCircuitError;

/** A fetch guarded by one subgraph's circuit: refused at once while it is open. */
export interface SubgraphBreaker {
  run(send: () => Promise<Response>): Promise<Response>;
  readonly state: CircuitStateName;
}

/**
 * One circuit breaker per subgraph (cockatiel, consecutive failures), kept across supergraph
 * reloads (which rebuild the data sources). While a circuit is open, fetches to that subgraph fail
 * at once; after `halfOpenAfterMs` one fetch goes through as a trial and every other one is still
 * refused, so a dead subgraph costs one timeout per period, not one per request. Its success
 * closes the circuit, its failure opens it again. HTTP 5xx answers count as failures (the
 * response is still returned, to be reported as usual); a caller's own abort does not.
 */
export class SubgraphBreakers {
  private readonly breakers = new Map<string, SubgraphBreaker>();

  constructor(
    private readonly options: BreakerOptions,
    private readonly observers: { logger?: Logger; metrics?: GatewayMetrics } = {},
  ) {}

  for(subgraph: string): SubgraphBreaker {
    let breaker = this.breakers.get(subgraph);
    if (!breaker) this.breakers.set(subgraph, (breaker = this.create(subgraph)));
    return breaker;
  }

  private create(subgraph: string): SubgraphBreaker {
    const { logger, metrics } = this.observers;
    const policy: CircuitBreakerPolicy = circuitBreaker(
      handleWhen((error) => (error as Error | undefined)?.name !== 'AbortError').orWhenResult((response) => (response as Response).status >= 500),
      { halfOpenAfter: this.options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(this.options.threshold) },
    );
    metrics?.subgraphCircuitState.set({ subgraph }, circuitStateValue.closed);
    policy.onStateChange((state) => {
      const name = stateName(state);
      metrics?.subgraphCircuitState.set({ subgraph }, circuitStateValue[name]);
      metrics?.subgraphCircuitTransitions.inc({ subgraph, state: name });
      if (name === 'closed') logger?.info({ subgraph }, 'subgraph circuit closed: the subgraph answers again');
      else logger?.warn({ subgraph, state: name, threshold: this.options.threshold, halfOpenAfterMs: this.options.halfOpenAfterMs }, `subgraph circuit ${name}`);
    });
    return {
      run: (send) => {
        // cockatiel lets calls arriving during the trial wait for it; here they fail fast.
        if (policy.state === CircuitState.HalfOpen) return Promise.reject(new BrokenCircuitError(`circuit of subgraph "${subgraph}" is half-open`));
        return policy.execute(send);
      },
      get state() {
        return stateName(policy.state);
      },
    };
  }
}
