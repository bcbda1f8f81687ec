import type { IncomingHttpHeaders } from 'node:http';
import type { Span } from '@opentelemetry/api';
import type { Logger } from '@ucg/service-kit';
import type { RequestFacts } from './request-span.ts';

export type { Span } from '@opentelemetry/api';
export type { RequestFacts } from './request-span.ts';

export interface TracingOptions {
  /** OTLP/HTTP base endpoint, e.g. `http://collector:4318`; spans go to `<endpoint>/v1/traces`. */
  endpoint: string;
  /** `service.name` of every span. @default 'ucg-gateway' */
  serviceName?: string;
}

/** Carrier of outgoing headers (node-fetch `Headers` of a subgraph request). */
export interface HeaderSetter {
  set(name: string, value: string): void;
  delete(name: string): void;
}

/**
 * The gateway's tracing, present only when an OTLP endpoint is configured. Code that traces takes
 * it as an optional dependency and does nothing at all without it, so an untraced gateway neither
 * loads the SDK nor creates a single (no-op) span.
 */
export interface Tracing {
  /** Runs one GraphQL request in a SERVER span, continuing the caller's trace when it sent `traceparent`. */
  request<T>(headers: IncomingHttpHeaders, run: (span: Span) => Promise<T>): Promise<T>;
  /** Names the request's span after its operation and records its client kind and outcome. */
  describeRequest(span: Span, facts: RequestFacts): void;
  /** Runs one subgraph fetch in a CLIENT span, a child of whatever span is active. */
  subgraphFetch<T>(subgraph: string, url: string, run: (span: Span) => Promise<T>): Promise<T>;
  /** Replaces the client's `traceparent`/`tracestate` with the active span's (the subgraph fetch). */
  inject(headers: HeaderSetter): void;
  /** The span the running code belongs to, if any. */
  active(): Span | undefined;
  /** Exports every finished span now. */
  flush(): Promise<void>;
  /** Exports what is left and unregisters the SDK. */
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry: the SDK (`./sdk.ts` and the packages it imports) is loaded here and only
 * here, so a gateway without `OTEL_EXPORTER_OTLP_ENDPOINT` never loads it.
 */
export async function startTracing(options: TracingOptions, logger: Logger): Promise<Tracing> {
  const { createTracing } = await import('./sdk.ts');
  const tracing = createTracing(options);
  logger.info({ endpoint: options.endpoint }, 'OpenTelemetry tracing on');
  return tracing;
}
