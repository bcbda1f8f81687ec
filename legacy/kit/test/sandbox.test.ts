import { afterEach, describe, expect, it } from 'vitest';
import { createStandIn } from '../src/index.ts';

const apps: { close(): Promise<unknown> }[] = [];
afterEach(async () => { await Promise.all(apps.splice(0).map((a) => a.close())); });

function standIn() {
  const { app } = createStandIn({ name: 'test', defaultLatency: { latencyMs: 0, jitterMs: 0 }, faultReply: (r) => r.code(503).send({ vendor: 'down' }) });
  app.get('/things/:id', async (req) => ({ id: (req.params as { id: string }).id }));
  apps.push(app);
  return app;
}

describe('stand-in sandbox', () => {
  it('counts calls by endpoint pattern', async () => {
    const app = standIn();
    await app.inject('/things/1');
    await app.inject('/things/2');
    const calls = (await app.inject('/__sandbox/calls')).json();
    expect(calls).toEqual({ total: 2, byEndpoint: { 'GET /things/:id': 2 } });
  });

  it('injects the vendor outage answer, latency, and resets', async () => {
    const app = standIn();
    expect((await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { errorRate: 1 } })).statusCode).toBe(200);
    const failed = await app.inject('/things/1');
    expect(failed.statusCode).toBe(503);
    expect(failed.json()).toEqual({ vendor: 'down' });
    await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { errorRate: 0, latencyMs: 120 } });
    const started = Date.now();
    expect((await app.inject('/things/1')).statusCode).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    await app.inject({ method: 'POST', url: '/__sandbox/reset' });
    expect((await app.inject('/__sandbox/calls')).json()).toEqual({ total: 0, byEndpoint: {} });
    expect((await app.inject('/__sandbox/faults')).json()).toMatchObject({ latencyMs: 0, errorRate: 0, down: false });
  });

  it('rejects malformed fault settings with a stable code', async () => {
    const app = standIn();
    const res = await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { errorRate: 3 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('SANDBOX_BAD_FAULTS');
  });

  it('drops connections when down', async () => {
    const app = standIn();
    await app.inject({ method: 'POST', url: '/__sandbox/faults', payload: { down: true } });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    await expect(fetch(`${url}/things/1`)).rejects.toThrow();
  });
});
