import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCustomerEmail, type Person } from '@ucg/legacy-seed';
import { registerPersonalRecord } from '../src/privacy/graph-records.ts';
import { PRIVACY_SYSTEMS } from '../src/privacy/types.ts';
import { expectedRecordCounts } from './expectations.ts';
import { errorsAt, startWorld, type World } from './harness.ts';

const EXPORT = 'query X($email: String!) { customerDataExport(email: $email) { email complete systems { system recordCount } document } }';
const ERASE = /* GraphQL */ `
  mutation E($email: String!) {
    customerErase(email: $email) {
      request { id status requestedAt completedAt systems { system status detail code } }
      userErrors { code field message }
    }
  }
`;
const READ = 'query R($id: ID!) { customerErasureRequest(id: $id) { id status systems { system status } } }';

interface ExportData {
  customerDataExport: { email: string; complete: boolean; systems: { system: string; recordCount: number | null }[]; document: Record<string, { recordCount?: number; records?: Record<string, unknown>[]; error?: { code: string } }> };
}
interface SystemOutcome { system: string; status: string; detail: string | null; code: string | null }
interface EraseData {
  customerErase: { request: { id: string; status: string; requestedAt: string; completedAt: string | null; systems: SystemOutcome[] } | null; userErrors: { code: string; field: string[]; message: string }[] };
}

const READER = { staffScopes: ['privacy:read'] };
const ERASER = { staffScopes: ['privacy:read', 'privacy:erase'] };

const counts = (d: ExportData) => Object.fromEntries(d.customerDataExport.systems.map((s) => [s.system, s.recordCount]));
const bySystem = (systems: SystemOutcome[]) => Object.fromEntries(systems.map((s) => [s.system, s.status]));

describe('privacy: access and erasure across every system', () => {
  let w: World;
  /** In the CRM, both stores, with parcels from the EU warehouse. */
  let eu: Person;
  let buyer: Person;
  beforeAll(async () => {
    w = await startWorld();
    const shippedFromEu = (p: Person) => (w.index.ordersByPerson.get(p.key) ?? []).some((o) => w.index.shipmentsByOrder.get(o.number)?.some((s) => s.system === '3pl-eu'));
    eu = w.retailer.people.find((p) => p.crm && p.webStore && p.marketplace && shippedFromEu(p))!;
    buyer = w.retailer.people.find((p) => p.companyId)!;
  });
  afterAll(() => w?.close());

  it('exports the demo customer from every system, with counts consistent with the seed', async () => {
    const ava = w.index.personByEmail.get(demoCustomerEmail)!;
    const res = await w.gql<ExportData>(EXPORT, { email: 'Ava.Chen@Example.com ' }, READER);
    expect(res.errors).toBeUndefined();
    const data = res.data!.customerDataExport;
    expect(data.email).toBe(demoCustomerEmail);
    expect(data.complete).toBe(true);
    expect(data.systems.map((s) => s.system)).toEqual([...PRIVACY_SYSTEMS]);
    expect(counts(res.data!)).toEqual(expectedRecordCounts(w.retailer, w.index, ava));
    // She is in the CRM, both stores, and ShipBob shipped her orders.
    for (const system of ['crm', 'webstore', 'marketplace', '3pl-us']) expect(counts(res.data!)[system]).toBeGreaterThan(0);
    // The document holds the records themselves, per system.
    expect(data.document.crm!.records![0]).toMatchObject({ type: 'contact', properties: expect.objectContaining({ email: demoCustomerEmail, firstname: 'Ava' }) });
    expect(data.document.webstore!.records!.filter((r) => r.type === 'order').map((r) => r.number).sort())
      .toEqual((w.index.ordersByPerson.get(ava.key) ?? []).filter((o) => o.system === 'webstore').map((o) => o.number).sort());
  });

  it('finds EU-warehouse shipments by the order numbers the stores hold, and ERP contacts of partner companies', async () => {
    for (const person of [eu, buyer]) {
      const res = await w.gql<ExportData>(EXPORT, { email: person.email }, READER);
      expect(res.errors).toBeUndefined();
      expect(counts(res.data!)).toEqual(expectedRecordCounts(w.retailer, w.index, person));
    }
    expect(expectedRecordCounts(w.retailer, w.index, eu)['3pl-eu']).toBeGreaterThan(0);
    expect(expectedRecordCounts(w.retailer, w.index, buyer).erp).toBe(1);
  });

  it('includes what other subgraphs registered in the graph\'s own store', async () => {
    await w.store.set('cart:{privacy-test}', JSON.stringify({ lines: [{ sku: 'X', quantity: 1 }] }));
    await registerPersonalRecord(w.store, buyer.email, 'cart:{privacy-test}', { owner: 'cart', kind: 'cart', type: 'string', onErase: 'delete' });
    await registerPersonalRecord(w.store, buyer.email, 'cart:{expired}', { owner: 'cart', kind: 'cart', type: 'string', onErase: 'delete' });
    const res = await w.gql<ExportData>(EXPORT, { email: buyer.email }, READER);
    expect(counts(res.data!).graph).toBe(1);
    expect(res.data!.customerDataExport.document.graph!.records).toEqual([{ owner: 'cart', kind: 'cart', key: 'cart:{privacy-test}', data: { lines: [{ sku: 'X', quantity: 1 }] } }]);
  });

  it('reports a system it cannot read with a null count and an error naming it; the rest still answer', async () => {
    await w.faults('3pl-us', { down: true });
    const res = await w.gql<ExportData>(EXPORT, { email: demoCustomerEmail }, READER).finally(() => w.faults('3pl-us', { down: false }));
    const data = res.data!.customerDataExport;
    expect(data.complete).toBe(false);
    const i = data.systems.findIndex((s) => s.system === '3pl-us');
    expect(data.systems[i]!.recordCount).toBeNull();
    expect(errorsAt(res, 'customerDataExport', 'systems', i, 'recordCount')[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: '3pl-us' });
    expect(data.document['3pl-us']).toEqual({ error: { code: 'UPSTREAM_UNAVAILABLE' } });
    expect(data.systems.filter((s) => s.recordCount === null)).toHaveLength(1);
  });

  it('refuses callers without the scope and rejects a malformed email', async () => {
    const customer = await w.gql<ExportData>(EXPORT, { email: demoCustomerEmail }, { customer: demoCustomerEmail });
    expect(errorsAt(customer, 'customerDataExport')[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await w.gql<ExportData>(EXPORT, { email: demoCustomerEmail });
    expect(errorsAt(anonymous, 'customerDataExport')[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const readOnly = await w.gql<EraseData>(ERASE, { email: demoCustomerEmail }, READER);
    expect(errorsAt(readOnly, 'customerErase')[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await w.gql<ExportData>(EXPORT, { email: 'not-an-email' }, READER);
    expect(errorsAt(bad, 'customerDataExport')[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badErase = await w.gql<EraseData>(ERASE, { email: 'ava.chen@' }, ERASER);
    expect(badErase.data!.customerErase).toEqual({ request: null, userErrors: [{ code: 'CUSTOMER_INVALID_EMAIL', field: ['email'], message: expect.any(String) }] });
  });

  it('erases a person everywhere in one request, keeps what systems must retain, and a retry erases nothing twice', async () => {
    await w.resetCalls();
    const res = await w.gql<EraseData>(ERASE, { email: eu.email.toUpperCase() }, ERASER);
    expect(res.errors).toBeUndefined();
    const request = res.data!.customerErase.request!;
    expect(request.status).toBe('COMPLETED');
    expect(request.completedAt).not.toBeNull();
    expect(request.systems.map((s) => s.system)).toEqual([...PRIVACY_SYSTEMS]);
    expect(bySystem(request.systems)).toEqual({
      crm: 'ERASED', webstore: 'ERASED', marketplace: 'ERASED', erp: 'NOT_FOUND', '3pl-us': 'NOT_FOUND',
      // The EU warehouse keeps its own shipping records under retention law: retained, with the reason.
      '3pl-eu': 'RETAINED', graph: 'NOT_FOUND',
    });
    expect(request.systems.find((s) => s.system === '3pl-eu')!.detail).toMatch(/retain/i);

    // Verified through the systems themselves: gone from the CRM and the marketplace.
    expect(await w.systems.crm.contactsByEmail([eu.email])).toEqual([]);
    expect(await w.systems.marketplace.customersByEmail([eu.email])).toEqual([]);
    expect((await w.systems.marketplace.ordersByEmail(eu.email)).nodes).toEqual([]);
    expect(await w.systems.webstore.customersByEmail([eu.email])).toEqual([]);

    // The same request again within the window: the same answer, and not one call to any system.
    const before = await w.calls();
    const again = await w.gql<EraseData>(ERASE, { email: eu.email }, ERASER);
    expect(again.data!.customerErase.request).toEqual(request);
    expect(await w.calls()).toEqual(before);

    const read = await w.gql<{ customerErasureRequest: unknown }>(READ, { id: request.id }, READER);
    expect(read.data!.customerErasureRequest).toEqual({ id: request.id, status: 'COMPLETED', systems: request.systems.map(({ system, status }) => ({ system, status })) });
  });

  it('runs two simultaneous erasures of one person as one request', async () => {
    const person = w.retailer.people.find((p) => p !== eu && p.crm && !p.companyId && !p.marketplace)!;
    await w.resetCalls();
    const [a, b] = await Promise.all([w.gql<EraseData>(ERASE, { email: person.email }, ERASER), w.gql<EraseData>(ERASE, { email: person.email }, ERASER)]);
    expect(a.data!.customerErase.request!.id).toBe(b.data!.customerErase.request!.id);
    expect(a.data!.customerErase.request!.status).toBe('COMPLETED');
    const crm = (await (await fetch(`${w.urls.crm}/__sandbox/calls`)).json()) as { byEndpoint: Record<string, number> };
    expect(crm.byEndpoint['POST /crm/v3/objects/:objectType/gdpr-delete']).toBe(1);
  });

  it('keeps going when a system fails, reports PARTIAL with the code, and a retry finishes only what failed', async () => {
    const person = w.retailer.people.find((p) => p !== eu && p.crm && p.marketplace && !p.companyId && (w.index.ordersByPerson.get(p.key) ?? []).some((o) => o.fulfilledBy === '3pl-us'))!;
    await w.faults('erp', { down: true });
    const first = await w.gql<EraseData>(ERASE, { email: person.email }, ERASER).finally(() => w.faults('erp', { down: false }));
    const request = first.data!.customerErase.request!;
    expect(request.status).toBe('PARTIAL');
    expect(request.systems.find((s) => s.system === 'erp')).toMatchObject({ status: 'FAILED', code: 'UPSTREAM_UNAVAILABLE' });
    expect(bySystem(request.systems)).toMatchObject({ crm: 'ERASED', marketplace: 'ERASED', '3pl-us': 'RETAINED', erp: 'FAILED' });
    expect(request.systems.find((s) => s.system === '3pl-us')!.detail).toMatch(/ShipBob/);
    expect(await w.systems.crm.contactsByEmail([person.email])).toEqual([]);

    await new Promise((r) => setTimeout(r, 400)); // the ERP connector's breaker lets calls through again
    await w.resetCalls();
    const retry = await w.gql<EraseData>(ERASE, { email: person.email }, ERASER);
    const retried = retry.data!.customerErase.request!;
    expect(retried.id).toBe(request.id);
    expect(retried.status).toBe('COMPLETED');
    expect(bySystem(retried.systems)).toEqual({ ...bySystem(request.systems), erp: 'NOT_FOUND' });
    const calls = await w.calls();
    // Only the ERP was asked again; the systems that had answered were left alone.
    expect(calls.erp).toBeGreaterThan(0);
    expect({ ...calls, erp: 0 }).toEqual({ crm: 0, webstore: 0, marketplace: 0, erp: 0, '3pl-us': 0, '3pl-eu': 0 });
  });

  it('deletes the graph\'s own records that other subgraphs registered', async () => {
    const res = await w.gql<EraseData>(ERASE, { email: buyer.email }, ERASER);
    const request = res.data!.customerErase.request!;
    expect(bySystem(request.systems)).toMatchObject({ crm: 'ERASED', graph: 'ERASED', erp: 'RETAINED' });
    expect(await w.store.get('cart:{privacy-test}')).toBeNull();
  });
});
