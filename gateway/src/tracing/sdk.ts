import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { HeaderSetter, Tracing, TracingOptions } from './index.ts';
import { describeRequest } from './request-span.ts';

/** Loaded only through `startTracing` (dynamic import), never by an untraced gateway. */

const traceHeaders = ['traceparent', 'tracestate'];

async function inSpan<T>(span: Span, run: (span: Span) => Promise<T>): Promise<T> {
  try {
    return await run(span);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message ?? String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * A tracer provider exporting over OTLP/HTTP (JSON) in batches, registered globally so that
 * @apollo/gateway's own spans (`gateway.request`, `gateway.plan`, `gateway.fetch`, …) land in the
 * same traces. Only W3C trace context is propagated: `baggage` would carry client data past the
 * header allowlist.
 */
export function createTracing(options: TracingOptions): Tracing {
  const exporter = new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': options.serviceName ?? 'ucg-gateway' })),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  const tracer = provider.getTracer('ucg-gateway');

  return {
    request: (headers, run) => {
      const parent = propagation.extract(ROOT_CONTEXT, headers);
      return tracer.startActiveSpan('graphql.request', { kind: SpanKind.SERVER }, parent, (span) => inSpan(span, run));
    },
    describeRequest,
    subgraphFetch: (subgraph, url, run) =>
      tracer.startActiveSpan(`subgraph ${subgraph}`, { kind: SpanKind.CLIENT, attributes: { 'subgraph.name': subgraph, 'http.request.method': 'POST', 'url.full': url } }, (span) => inSpan(span, run)),
    inject: (headers: HeaderSetter) => {
      for (const name of traceHeaders) headers.delete(name);
      propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
    },
    active: () => trace.getActiveSpan(),
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      await provider.shutdown();
      // Lets a later gateway in the same process (tests) register its own provider.
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
