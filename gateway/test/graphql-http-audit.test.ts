import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAudits } from 'graphql-http';
import { startFixtureSubgraphs, startTestGateway, type TestGateway } from './harness.ts';

/** The GraphQL-over-HTTP conformance audit (graphql-http's serverAudits): every MUST passes. */
describe('GraphQL over HTTP conformance (graphql-http audit)', () => {
  let subgraphs: Awaited<ReturnType<typeof startFixtureSubgraphs>>;
  let gw: TestGateway;
  const results: { name: string; status: string; reason?: string }[] = [];

  beforeAll(async () => {
    subgraphs = await startFixtureSubgraphs();
    gw = await startTestGateway(subgraphs, { RATE_LIMIT_ENABLED: 'false' });
    for (const audit of serverAudits({ url: gw.url, fetchFn: fetch })) {
      const result = await audit.fn();
      results.push({ name: audit.name, status: result.status, ...(result.status !== 'ok' ? { reason: result.reason } : {}) });
    }
  });
  afterAll(async () => {
    await gw?.stop();
    await subgraphs?.stop();
  });

  it('passes every MUST', () => {
    const must = results.filter((r) => r.name.startsWith('MUST'));
    expect(must.length).toBeGreaterThan(10);
    expect(must.filter((r) => r.status !== 'ok')).toEqual([]);
  });

  it('reports how it does on SHOULD and MAY', () => {
    const others = results.filter((r) => !r.name.startsWith('MUST'));
    const summary = `graphql-http audit: ${results.filter((r) => r.status === 'ok').length}/${results.length} ok; not ok: ${others.filter((r) => r.status !== 'ok').map((r) => `${r.name} (${r.status})`).join('; ') || 'none'}`;
    process.stdout.write(`${summary}\n`);
    expect(others.length).toBeGreaterThan(0);
  });
});
