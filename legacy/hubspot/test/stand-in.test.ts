import { describe, expect, it } from 'vitest';
import { call, startStandIn } from './helpers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const search = (url: string, body: unknown) => call(url, 'POST', '/crm/v3/objects/contacts/search', body);
const ids = (answer: { body: { results: { id: string }[] } }) => answer.body.results.map((r) => r.id);

describe('HubSpot stand-in: protocol', () => {
  it('refuses a missing or wrong token with HubSpot’s 401 body', async () => {
    const { url } = await startStandIn();
    const answer = await call(url, 'GET', '/crm/v3/objects/contacts', undefined, { authorization: 'Bearer nope' });
    expect(answer).toMatchObject({ status: 401, body: { status: 'error', category: 'INVALID_AUTHENTICATION', correlationId: expect.any(String) } });
  });

  it('announces the ten-second rolling limit in headers and enforces it with RATE_LIMIT 429s', async () => {
    const { url } = await startStandIn({ limits: { max: 3, intervalMs: 300 } });
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) remaining.push((await call(url, 'GET', '/crm/v3/objects/contacts/51')).headers.get('x-hubspot-ratelimit-remaining'));
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await call(url, 'GET', '/crm/v3/objects/contacts/51');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING', message: 'You have reached your ten_secondly_rolling limit.' });
    expect(Object.fromEntries(['max', 'interval-milliseconds', 'remaining'].map((h) => [h, refused.headers.get(`x-hubspot-ratelimit-${h}`)]))).toEqual({ max: '3', 'interval-milliseconds': '300', remaining: '0' });
    await sleep(310);
    expect((await call(url, 'GET', '/crm/v3/objects/contacts/51')).status).toBe(200);
  });

  it('limits search per second on its own, without rate-limit headers, in the words the SDK retries on', async () => {
    const { url } = await startStandIn({ limits: { searchPerSecond: 2 } });
    const answers = await Promise.all([1, 2, 3].map(() => search(url, { limit: 1 })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 429]);
    expect(answers.find((a) => a.status === 200)!.headers.get('x-hubspot-ratelimit-remaining')).toBeNull();
    expect(answers.find((a) => a.status === 429)!.body).toMatchObject({ policyName: 'SECONDLY', message: 'You have reached your secondly limit.' });
  });

  it('caps search pages at 200 and results at the total cap, still offering the cursor that crosses it', async () => {
    const { url } = await startStandIn({ limits: { searchMaxTotal: 40, searchPerSecond: 100 } });
    expect(await search(url, { limit: 201 })).toMatchObject({ status: 400, body: { category: 'VALIDATION_ERROR' } });
    const last = await search(url, { limit: 20, after: '20' });
    expect(last.body.paging.next.after).toBe('40');
    expect(await search(url, { limit: 20, after: '40' })).toMatchObject({ status: 400, body: { category: 'VALIDATION_ERROR' } });
  });

  it('evaluates filter groups (AND within, OR across) with HubSpot’s operators', async () => {
    const { standIn, url } = await startStandIn({ limits: { searchPerSecond: 100 } });
    const contacts = standIn.store.list('contacts');
    const where = (f: (p: Record<string, string>) => boolean) => contacts.filter((c) => f(c.properties)).map((c) => c.id);
    const run = async (filterGroups: unknown) => ids(await search(url, { filterGroups, limit: 200, sorts: ['hs_object_id'] }));
    const f = (propertyName: string, operator: string, extra: object = {}) => ({ propertyName, operator, ...extra });

    expect(await run([{ filters: [f('loyalty_points', 'GT', { value: '5000' }), f('loyalty_points', 'LTE', { value: '9000' })] }])).toEqual(where((p) => +p.loyalty_points! > 5000 && +p.loyalty_points! <= 9000));
    expect(await run([{ filters: [f('loyalty_points', 'BETWEEN', { value: '100', highValue: '200' })] }])).toEqual(where((p) => +p.loyalty_points! >= 100 && +p.loyalty_points! <= 200));
    expect(await run([{ filters: [f('loyalty_tier', 'IN', { values: ['gold', 'platinum'] })] }])).toEqual(where((p) => ['gold', 'platinum'].includes(p.loyalty_tier!)));
    // Quirk: IN takes lower-case values for strings; upper-case ones match nothing.
    expect(await run([{ filters: [f('loyalty_tier', 'IN', { values: ['GOLD'] })] }])).toEqual([]);
    expect(await run([{ filters: [f('associatedcompanyid', 'HAS_PROPERTY')] }])).toEqual(where((p) => p.associatedcompanyid !== undefined));
    expect(await run([{ filters: [f('email', 'CONTAINS_TOKEN', { value: '*@acme-outdoor.example' })] }, { filters: [f('email', 'EQ', { value: 'AVA.CHEN@example.com' })] }]))
      .toEqual(where((p) => p.email!.endsWith('@acme-outdoor.example') || p.email === 'ava.chen@example.com'));
    expect(await run([{ filters: [f('loyalty_tier', 'NEQ', { value: 'bronze' }), f('state', 'NOT_HAS_PROPERTY')] }])).toEqual(where((p) => p.loyalty_tier !== 'bronze' && p.state === undefined));
    expect((await search(url, { filterGroups: [{ filters: [f('no_such', 'EQ', { value: 'x' })] }] })).status).toBe(400);
  });

  it('answers batch update with 207 for unknown ids, refuses a batch with any invalid value, and bumps updatedAt', async () => {
    const { standIn, url } = await startStandIn();
    const bad = await call(url, 'POST', '/crm/v3/objects/contacts/batch/update', { inputs: [{ id: '51', properties: { loyalty_points: '1' } }, { id: '54', properties: { loyalty_tier: 'diamond' } }] });
    expect(bad).toMatchObject({ status: 400, body: { category: 'VALIDATION_ERROR', message: expect.stringContaining('INVALID_OPTION') } });
    expect(standIn.store.find('contacts', '51')!.properties.loyalty_points).toBe('7420');

    const answer = await call(url, 'POST', '/crm/v3/objects/contacts/batch/update', { inputs: [{ id: '51', properties: { loyalty_points: 7500 } }, { id: '1', properties: { loyalty_points: '1' } }] });
    expect(answer.status).toBe(207);
    expect(answer.body).toMatchObject({ status: 'COMPLETE', numErrors: 1, errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['1'] } }], results: [{ id: '51', properties: { loyalty_points: '7500' } }] });
    const ava = answer.body.results[0];
    expect(Date.parse(ava.updatedAt)).toBeGreaterThan(Date.parse(ava.createdAt));
    expect(ava.properties.lastmodifieddate).toBe(ava.updatedAt);
  });

  it('pages the list with an absolute next link that keeps the query, and refuses pages over 100', async () => {
    const { url } = await startStandIn();
    const first = await call(url, 'GET', '/crm/v3/objects/contacts?limit=2&properties=loyalty_points');
    const link = new URL(first.body.paging.next.link);
    expect(Object.fromEntries(link.searchParams)).toEqual({ limit: '2', properties: 'loyalty_points', after: first.body.paging.next.after });
    const second = await call(url, 'GET', `${link.pathname}${link.search}`);
    expect(ids(second)[0]).toBe(first.body.paging.next.after);
    expect((await call(url, 'GET', '/crm/v3/objects/contacts?limit=101')).status).toBe(400);
  });

  it('creates contacts once per email and GDPR-deletes them for good', async () => {
    const { url } = await startStandIn();
    const created = await call(url, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'New.Person@Example.com', firstname: 'New' } });
    expect(created).toMatchObject({ status: 201, body: { properties: { email: 'new.person@example.com' } } });
    expect(await call(url, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'new.person@example.com' } }))
      .toMatchObject({ status: 409, body: { category: 'CONFLICT', message: `Contact already exists. Existing ID: ${created.body.id}` } });

    expect((await call(url, 'POST', '/crm/v3/objects/contacts/gdpr-delete', { objectId: 'NEW.person@example.com', idProperty: 'email' })).status).toBe(204);
    expect((await call(url, 'GET', `/crm/v3/objects/contacts/${created.body.id}`)).status).toBe(404);
    expect((await call(url, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'new.person@example.com' } })).status).toBe(400);
    // By email, an address HubSpot never held is blocklisted all the same; by id, unknown is a 404.
    expect((await call(url, 'POST', '/crm/v3/objects/contacts/gdpr-delete', { objectId: 'never@example.com', idProperty: 'email' })).status).toBe(204);
    expect((await call(url, 'POST', '/crm/v3/objects/contacts/gdpr-delete', { objectId: '999999' })).status).toBe(404);
  });

  it('sends webhooks only for real changes, and guards the webhooks API with the developer key', async () => {
    const { standIn, url } = await startStandIn();
    const dev = (method: string, path: string, body?: unknown, key = 'ucg-dev-developer-key') => call(url, method, `/webhooks/v3/1234567${path}?hapikey=${key}`, body);
    expect((await dev('GET', '/subscriptions', undefined, 'wrong')).status).toBe(401);
    expect((await dev('PUT', '/settings', { targetUrl: 'http://127.0.0.1:9/none', throttling: { maxConcurrentRequests: 10 } })).status).toBe(200);
    expect((await dev('POST', '/subscriptions', { eventType: 'contact.propertyChange', propertyName: 'loyalty_points', active: true })).status).toBe(201);
    expect((await dev('POST', '/subscriptions', { eventType: 'contact.propertyChange', propertyName: 'loyalty_points', active: true })).status).toBe(409);
    expect((await dev('POST', '/subscriptions', { eventType: 'contact.propertyChange', propertyName: 'no_such' })).status).toBe(400);

    await call(url, 'PATCH', '/crm/v3/objects/contacts/51', { properties: { loyalty_points: '7420' } });
    await sleep(5);
    expect(standIn.webhooks.deliveries).toHaveLength(0);
    await call(url, 'PATCH', '/crm/v3/objects/contacts/51', { properties: { loyalty_points: '7421', firstname: 'Ava' } });
    await sleep(5);
    expect(standIn.webhooks.deliveries.map((d) => JSON.parse(d.body).map((e: { propertyName: string }) => e.propertyName))).toEqual([['loyalty_points']]);

    expect((await dev('POST', '/subscriptions', { eventType: 'contact.creation', active: true })).status).toBe(201);
    const created = await call(url, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'new@example.com', loyalty_points: '10' } });
    await sleep(5);
    expect(JSON.parse(standIn.webhooks.deliveries[1]!.body)).toEqual([expect.objectContaining({
      subscriptionType: 'contact.creation', changeFlag: 'CREATED', objectId: Number(created.body.id), portalId: 62515, appId: 1234567, attemptNumber: 0,
    })]);
  });

  it('restores the seeded portal and limits on /__sandbox/reset', async () => {
    const { standIn, url } = await startStandIn();
    await call(url, 'PATCH', '/crm/v3/objects/contacts/51', { properties: { loyalty_points: '1' } });
    await call(url, 'POST', '/__sandbox/rate-limit', { max: 1 });
    expect(standIn.limiter.limits.max).toBe(1);
    await call(url, 'POST', '/__sandbox/reset', {});
    expect(standIn.store.find('contacts', '51')!.properties.loyalty_points).toBe('7420');
    expect(standIn.limiter.limits.max).toBe(190);
    expect(standIn.requests).toEqual([]);
  });
});
