import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { trace } from '@opentelemetry/api';
import { mintDevToken } from '../src/index.ts';
import { post, startFixtureSubgraphs, startTestGateway, type TestGateway } from './harness.ts';

/** Counts loads of the module that imports the OpenTelemetry SDK. */
const sdk = vi.hoisted(() => ({ loads: 0 }));
vi.mock('../src/tracing/sdk.ts', async (importOriginal) => {
  sdk.loads++;
  return importOriginal();
});

type OtlpValue = { stringValue?: string; intValue?: number | string; boolValue?: boolean; arrayValue?: { values?: OtlpValue[] } };
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: OtlpValue }[];
  status?: { code?: number; message?: string };
}
interface ReceivedSpan extends Omit<OtlpSpan, 'attributes'> {
  attributes: Record<string, unknown>;
  service: unknown;
}

const valueOf = (v: OtlpValue): unknown =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.boolValue ?? v.arrayValue?.values?.map(valueOf);
const attributesOf = (list: { key: string; value: OtlpValue }[] = []) => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));
const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

/** A stand-in OpenTelemetry collector: OTLP/HTTP with JSON bodies, `POST /v1/traces`. */
async function startCollector(): Promise<{ url: string; spans: ReceivedSpan[]; server: Server }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') return void res.writeHead(404).end();
      const raw = Buffer.concat(chunks);
      const body = JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8')) as {
        resourceSpans: { resource?: { attributes?: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
      };
      for (const rs of body.resourceSpans) {
        const service = attributesOf(rs.resource?.attributes)['service.name'];
        for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ ...s, attributes: attributesOf(s.attributes), service });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, spans, server };
}

const clientTrace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
const clientTraceparent = `00-${clientTrace.traceId}-${clientTrace.spanId}-01`;

describe('OpenTelemetry tracing', () => {
  let subgraphs: Awaited<ReturnType<typeof startFixtureSubgraphs>>;
  let collector: Awaited<ReturnType<typeof startCollector>>;

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    collector = await startCollector();
  });
  afterAll(async () => {
    await subgraphs?.stop();
    await new Promise((resolve) => collector?.server.close(resolve));
  });

  describe('without an OTLP endpoint', () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startTestGateway(subgraphs, { RATE_LIMIT_ENABLED: 'false' });
    });
    afterAll(async () => gw?.stop());

    it('loads no SDK, registers no tracer and passes the client\'s traceparent through untouched', async () => {
      const reply = await post(gw.url, { query: '{ product(id: "p1") { id } }' }, { traceparent: clientTraceparent });
      expect(reply.body.data).toEqual({ product: { id: 'p1' } });
      expect(subgraphs.catalog.last.headers!.traceparent).toBe(clientTraceparent);
      expect(sdk.loads).toBe(0);
      expect(gw.gateway.tracing).toBeUndefined();
      // No SDK registered: the API hands out non-recording spans.
      expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false);
      expect(collector.spans).toEqual([]);
    });
  });

  describe('with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startTestGateway(subgraphs, {
        RATE_LIMIT_ENABLED: 'false',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_SERVICE_NAME: 'ucg-gateway-test',
        PROPAGATE_HEADERS: 'traceparent,tracestate,x-test-break',
      });
    });
    afterAll(async () => gw?.stop());

    /** The spans of one trace, once the gateway has exported them. */
    const spansOf = async (traceId: string) => {
      await gw.gateway.tracing!.flush();
      return collector.spans.filter((s) => s.traceId === traceId);
    };
    const ancestors = (span: ReceivedSpan, all: ReceivedSpan[]) => {
      const names: string[] = [];
      for (let s: ReceivedSpan | undefined = span; s?.parentSpanId; ) {
        s = all.find((p) => p.spanId === s!.parentSpanId);
        if (s) names.push(s.name);
      }
      return names;
    };

    it('exports a span per request, named after its operation, continuing the caller\'s trace, with a child span per subgraph fetch', async () => {
      expect(sdk.loads).toBe(1);
      const token = await mintDevToken({ email: 'ava.chen@example.com' });
      const reply = await post(gw.url, { query: 'query Shop { product(id: "p1") { id name reviews } }' }, { traceparent: clientTraceparent, authorization: `Bearer ${token}` });
      expect(reply.body).toEqual({ data: { product: { id: 'p1', name: 'Product 1', reviews: ['great p1'] } } });

      const spans = await spansOf(clientTrace.traceId);
      const request = spans.find((s) => s.kind === SERVER)!;
      expect(request).toMatchObject({
        name: 'query Shop',
        parentSpanId: clientTrace.spanId,
        service: 'ucg-gateway-test',
        attributes: { 'graphql.operation.name': 'Shop', 'graphql.operation.type': 'query', 'ucg.client.kind': 'customer', 'ucg.outcome': 'ok', 'http.response.status_code': 200, 'http.request.method': 'POST' },
      });
      expect(request.status?.code ?? 0).not.toBe(ERROR);

      const fetches = spans.filter((s) => s.kind === CLIENT);
      expect(fetches.map((s) => s.name).sort()).toEqual(['subgraph catalog', 'subgraph customers']);
      for (const fetch of fetches) {
        expect(fetch.attributes).toMatchObject({ 'subgraph.name': fetch.name.replace('subgraph ', ''), 'http.response.status_code': 200, 'ucg.outcome': 'ok' });
        // Below @apollo/gateway's own spans, all within the request's span.
        expect(ancestors(fetch, spans)).toEqual(expect.arrayContaining(['gateway.fetch', 'gateway.execute', 'gateway.request', 'query Shop']));
        expect(ancestors(fetch, spans).at(-1)).toBe('query Shop');
      }
      // Each subgraph is told its parent is the gateway's fetch span, not the client's span.
      const catalogFetch = fetches.find((s) => s.name === 'subgraph catalog')!;
      const customersFetch = fetches.find((s) => s.name === 'subgraph customers')!;
      expect(subgraphs.catalog.last.headers!.traceparent).toBe(`00-${clientTrace.traceId}-${catalogFetch.spanId}-01`);
      expect(subgraphs.customers.last.headers!.traceparent).toBe(`00-${clientTrace.traceId}-${customersFetch.spanId}-01`);
    });

    it('shares one fetch between identical queries of callers in different traces, and says so on the sharing span', async () => {
      const traces = ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'];
      let release!: () => void;
      subgraphs.catalog.hold = new Promise<void>((resolve) => (release = resolve));
      const hits = subgraphs.catalog.hits;
      try {
        // Spelled differently: two requests to the gateway, one identical query to the subgraph.
        const spellings = ['{ product(id: "p3") { id } }', '{product(id: "p3") {id}}'];
        const replies = traces.map((t, i) => post(gw.url, { query: spellings[i] }, { traceparent: `00-${t}-${clientTrace.spanId}-01` }));
        await new Promise((r) => setTimeout(r, 100));
        release();
        for (const reply of await Promise.all(replies)) expect(reply.body).toEqual({ data: { product: { id: 'p3' } } });
      } finally {
        subgraphs.catalog.hold = undefined;
      }
      expect(subgraphs.catalog.hits).toBe(hits + 1);
      await gw.gateway.tracing!.flush();
      const fetches = traces.map((t) => collector.spans.find((s) => s.traceId === t && s.kind === CLIENT)!);
      expect(fetches.map((s) => s.attributes['ucg.deduplicated'] === true).sort()).toEqual([false, true]);
    });

    it('marks a failed subgraph fetch and the request with the outcome and status', async () => {
      const reply = await post(gw.url, { query: '{ product(id: "p2") { id } }' }, { 'x-test-break': 'html' });
      expect(reply.body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
      const traceId = /^00-([0-9a-f]{32})-/.exec(String(subgraphs.catalog.received?.traceparent))?.[1];
      // A trace of its own: the client sent no traceparent.
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(traceId).not.toBe(clientTrace.traceId);

      const spans = await spansOf(traceId!);
      const request = spans.find((s) => s.kind === SERVER)!;
      expect(request.parentSpanId || undefined).toBeUndefined();
      expect(request).toMatchObject({
        name: 'query',
        attributes: { 'ucg.client.kind': 'anonymous', 'ucg.outcome': 'partial', 'ucg.error.codes': ['SUBGRAPH_UNAVAILABLE'] },
        status: { code: ERROR },
      });
      const fetch = spans.find((s) => s.kind === CLIENT)!;
      expect(fetch).toMatchObject({ name: 'subgraph catalog', attributes: { 'http.response.status_code': 502, 'ucg.outcome': 'SUBGRAPH_UNAVAILABLE' }, status: { code: ERROR } });
    });
  });
});
