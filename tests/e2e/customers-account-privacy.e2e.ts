import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kind, parse, print, visit, type FieldNode } from 'graphql';
import { WooCommerceConnector } from '@ucg/connector-woocommerce';
import { mintDevToken } from '@ucg/gateway';
import { RetailerIndex, demoCustomerEmail, generateRetailer, type Person } from '@ucg/legacy-seed';
import { customerIdForEmail } from '@ucg/request-context';
import { expectedChannels, expectedPointsValue, expectedRecordCounts } from '../../subgraphs/customers/test/expectations.ts';
import { gql, sandboxFaults, startTestStack, type GraphQLResponse, type TestStack } from '../src/index.ts';

const contract = (file: string) => readFileSync(new URL(`../../schema/contract/${file}`, import.meta.url), 'utf8');
const myAccount = contract('mobile/MyAccount.graphql');
/** One named operation of a contract file (Privacy.graphql holds the export query and the erase mutation). */
const operation = (file: string, name: string) => print({ kind: Kind.DOCUMENT, definitions: parse(contract(file)).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name) });
const exportQuery = operation('ops/Privacy.graphql', 'CustomerDataExport');
const eraseMutation = operation('ops/Privacy.graphql', 'CustomerErase');

/** MyAccount without what other subgraphs answer (cart, orders): exactly the customers subgraph's fields. */
const customerFieldsOfMyAccount = print(visit(parse(myAccount), {
  Field: (node: FieldNode) => (['activeCart', 'orders'].includes(node.name.value) ? null : undefined),
  OperationDefinition: (node) => ({ ...node, variableDefinitions: [], name: { kind: Kind.NAME, value: 'MyAccountCustomer' } }),
}));
const MY_FIELDS = ['id', 'email', 'firstName', 'lastName', 'channels', 'loyalty', 'storeCredit'] as const;

type Me = Record<(typeof MY_FIELDS)[number], unknown>;
interface ExportData { customerDataExport: { email: string; systems: { system: string; recordCount: number | null }[]; document: Record<string, unknown> } }
interface EraseData { customerErase: { request: { id: string; status: string; systems: { system: string; status: string }[] } | null; userErrors: { code: string }[] } }

const errorsUnder = (res: GraphQLResponse<unknown>, ...prefix: string[]) => (res.body.errors ?? []).filter((e) => prefix.every((p, i) => e.path?.[i] === p));
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('customers through the gateway: MyAccount, identity, privacy, partial data', () => {
  let stack: TestStack;
  const retailer = generateRetailer();
  const index = new RetailerIndex(retailer);
  const ava = index.personByEmail.get(demoCustomerEmail)!;
  let staff: Record<string, string>;

  const expectedMe = (person: Person): Me => ({
    id: customerIdForEmail(person.email),
    email: person.email.toLowerCase(),
    firstName: person.firstName,
    lastName: person.lastName,
    channels: expectedChannels(index, person),
    loyalty: person.crm ? { points: person.crm.loyaltyPoints, tier: person.crm.tier, pointsValue: expectedPointsValue(retailer, person.crm.loyaltyPoints, 'USD') } : null,
    storeCredit: person.crm ? { amount: person.crm.storeCreditUsd, currencyCode: 'USD' } : null,
  });

  beforeAll(async () => {
    stack = await startTestStack();
    staff = bearer(await mintDevToken({ scope: 'privacy:read privacy:erase', sub: 'ops-1' }));
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers MyAccount\'s customer fields for the demo customer as the seed has her, in every channel', async () => {
    const token = bearer(await mintDevToken({ email: demoCustomerEmail }));
    const mine = await gql<{ me: Me }>(stack.gatewayUrl, customerFieldsOfMyAccount, {}, token);
    expect(mine.status).toBe(200);
    expect(mine.body.errors).toBeUndefined();
    expect(mine.body.data!.me).toEqual(expectedMe(ava));
    expect(mine.body.data!.me.channels).toEqual(['WEB', 'MARKETPLACE', 'POS']);

    // The contract operation itself: cart and orders belong to other subgraphs (their errors, if any, are theirs).
    const full = await gql<{ me: Me | null }>(stack.gatewayUrl, myAccount, { ordersFirst: 5 }, token);
    for (const field of MY_FIELDS) expect(errorsUnder(full, 'me', field)).toEqual([]);
    if (full.body.data?.me) for (const field of MY_FIELDS) expect(full.body.data.me[field]).toEqual(expectedMe(ava)[field]);
  });

  it('gives another customer\'s token that customer\'s record, never Ava\'s', async () => {
    const other = retailer.people.find((p) => p.crm && p.webStore && p.email !== demoCustomerEmail && p.crm.loyaltyPoints !== ava.crm!.loyaltyPoints)!;
    const res = await gql<{ me: Me }>(stack.gatewayUrl, customerFieldsOfMyAccount, {}, bearer(await mintDevToken({ email: other.email })));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.me).toEqual(expectedMe(other));
    expect(JSON.stringify(res.body)).not.toContain(demoCustomerEmail);
    expect(JSON.stringify(res.body)).not.toContain(customerIdForEmail(demoCustomerEmail));
  });

  it('answers an anonymous `me` with UNAUTHENTICATED', async () => {
    const res = await gql<{ me: unknown }>(stack.gatewayUrl, customerFieldsOfMyAccount);
    expect(res.body.data?.me ?? null).toBeNull();
    expect(errorsUnder(res, 'me')[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('exports everything every system holds about Ava, counts consistent with the seed; customers may not', async () => {
    const res = await gql<ExportData>(stack.gatewayUrl, exportQuery, { email: demoCustomerEmail }, staff);
    expect(res.body.errors).toBeUndefined();
    const counts = Object.fromEntries(res.body.data!.customerDataExport.systems.map((s) => [s.system, s.recordCount]));
    expect(counts).toEqual(expectedRecordCounts(retailer, index, ava));
    // Every system that holds her is listed with records: the CRM, both stores and the US 3PL.
    expect(Object.entries(counts).filter(([, n]) => n! > 0).map(([s]) => s).sort()).toEqual(['3pl-us', 'crm', 'marketplace', 'webstore']);
    expect(Object.keys(res.body.data!.customerDataExport.document).sort()).toEqual(Object.keys(counts).sort());

    const asCustomer = await gql<ExportData>(stack.gatewayUrl, exportQuery, { email: demoCustomerEmail }, bearer(await mintDevToken({ email: demoCustomerEmail })));
    expect(asCustomer.body.data?.customerDataExport ?? null).toBeNull();
    expect(asCustomer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }, 60_000);

  it('erases a seeded person: gone from the CRM and the marketplace, retained with reasons where systems must keep records', async () => {
    const person = retailer.people.find((p) => p !== ava && p.crm && p.marketplace && !p.companyId && (index.ordersByPerson.get(p.key) ?? []).some((o) => o.fulfilledBy === '3pl-us'))!;
    const erase = async () => (await gql<EraseData>(stack.gatewayUrl, eraseMutation, { email: person.email }, staff)).body;

    const first = await erase();
    expect(first.errors).toBeUndefined();
    const request = first.data!.customerErase.request!;
    expect(request.status).toBe('COMPLETED');
    const status = Object.fromEntries(request.systems.map((s) => [s.system, s.status]));
    expect(status).toMatchObject({ crm: 'ERASED', marketplace: 'ERASED', '3pl-us': 'RETAINED', erp: 'NOT_FOUND' });
    expect(request.systems.map((s) => s.system).sort()).toEqual(['3pl-eu', '3pl-us', 'crm', 'erp', 'graph', 'marketplace', 'webstore']);

    // Verified in the systems themselves, not through the graph.
    const crm = await fetch(`${stack.urls.crm}/crm/v3/objects/contacts/${encodeURIComponent(person.email)}?idProperty=email`, { headers: { authorization: 'Bearer pat-ucg-dev' } });
    expect(crm.status).toBe(404);
    const woo = new WooCommerceConnector({ baseUrl: stack.urls.marketplace, consumerKey: 'ck_ucg_dev', consumerSecret: 'cs_ucg_dev' });
    try {
      expect(await woo.customersByEmail([person.email])).toEqual([]);
      expect((await woo.ordersByEmail(person.email)).nodes).toEqual([]);
    } finally {
      await woo.close();
    }

    // A retried mutation returns the same request, without erasing twice.
    const again = await erase();
    expect(again.data!.customerErase.request).toEqual(request);

    // The request is on record, with the reason each retaining system gave.
    const read = await gql<{ customerErasureRequest: { status: string; systems: { system: string; status: string; detail: string | null }[] } }>(
      stack.gatewayUrl, 'query R($id: ID!) { customerErasureRequest(id: $id) { status systems { system status detail } } }', { id: request.id }, staff);
    expect(read.body.data!.customerErasureRequest.status).toBe('COMPLETED');
    for (const s of read.body.data!.customerErasureRequest.systems.filter((x) => x.status === 'RETAINED')) expect(s.detail?.length ?? 0, s.system).toBeGreaterThan(40);
    expect(read.body.data!.customerErasureRequest.systems.find((x) => x.system === '3pl-us')!.detail).toMatch(/ShipBob/);
  }, 60_000);

  // Last: the CRM's circuit breaker stays open for a while after this.
  it('keeps answering with the CRM down: a customer read a moment ago keeps her last known loyalty; one not cached gets loyalty null with an error naming crm, email and channels still come', async () => {
    const token = bearer(await mintDevToken({ email: demoCustomerEmail }));
    // A CRM contact with a web-store account that no other test here reads (nothing cached for them).
    const fresh = retailer.people.findLast((p) => p.crm && p.webStore && !p.companyId && p.email !== demoCustomerEmail)!;
    const freshToken = bearer(await mintDevToken({ email: fresh.email }));
    await gql<{ me: Me }>(stack.gatewayUrl, customerFieldsOfMyAccount, {}, token); // Ava's CRM record is warm
    await sandboxFaults(stack.urls.crm, { down: true });
    let cached: GraphQLResponse<{ me: Me }>;
    let res: GraphQLResponse<{ me: Me }>;
    try {
      cached = await gql<{ me: Me }>(stack.gatewayUrl, customerFieldsOfMyAccount, {}, token);
      res = await gql<{ me: Me }>(stack.gatewayUrl, customerFieldsOfMyAccount, {}, freshToken);
    } finally {
      await sandboxFaults(stack.urls.crm, { down: false });
    }
    expect(cached.body.data!.me).toEqual(expectedMe(ava));
    expect(cached.body.errors ?? []).toEqual([]);
    const me = res.body.data!.me;
    expect(me).toMatchObject({ email: fresh.email.toLowerCase(), channels: expectedChannels(index, fresh), loyalty: null, storeCredit: null });
    expect(errorsUnder(res, 'me', 'loyalty')[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', system: 'crm' });
  });
});
