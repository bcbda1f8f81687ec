import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Signature } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts/index.js';
import { afterEach, describe, expect, it } from 'vitest';
import { startStandIn, TOKEN } from './helpers.ts';

/**
 * HubSpot's own Node SDK, used exactly as its README shows, with only `basePath` pointed at the
 * stand-in. If the stand-in drifts from HubSpot's wire format, these calls fail to deserialize.
 */
function sdk(url: string, extra: ConstructorParameters<typeof Client>[0] = {}) {
  return new Client({ accessToken: TOKEN, basePath: url, ...extra });
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
});

describe('@hubspot/api-client against the stand-in', () => {
  it('pages through contacts with basicApi.getPage', async () => {
    const { standIn, url } = await startStandIn();
    const client = sdk(url);
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await client.crm.contacts.basicApi.getPage(100, after, ['email', 'loyalty_points']);
      seen.push(...page.results.map((c) => c.id));
      expect(page.results[0]!.createdAt).toBeInstanceOf(Date);
      after = page.paging?.next?.after;
    } while (after);
    expect(seen).toEqual(standIn.store.list('contacts').map((c) => c.id));
  });

  it('reads contacts by email with batchApi.read, case-insensitively, with 207 for the missing', async () => {
    const { url } = await startStandIn();
    const client = sdk(url);
    const answer = await client.crm.contacts.batchApi.read({
      idProperty: 'email', properties: ['email', 'loyalty_points', 'loyalty_tier', 'store_credit_balance'], propertiesWithHistory: [],
      inputs: [{ id: 'Ava.Chen@Example.com' }, { id: 'nobody@example.org' }],
    });
    expect(answer.results.map((r) => r.properties)).toEqual([expect.objectContaining({ email: 'ava.chen@example.com', loyalty_points: '7420', loyalty_tier: 'gold', store_credit_balance: '25.00' })]);
    expect(answer).toMatchObject({ numErrors: 1, errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['nobody@example.org'] } }] });
  });

  it('searches with searchApi.doSearch and updates with basicApi.update', async () => {
    const { standIn, url } = await startStandIn();
    const client = sdk(url);
    const golds = standIn.store.list('contacts').filter((c) => c.properties.loyalty_tier === 'gold');
    const page = await client.crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'loyalty_tier', operator: FilterOperatorEnum.Eq, value: 'gold' }] }],
      sorts: ['hs_object_id'], properties: ['email', 'loyalty_points'], limit: 5, after: '0',
    });
    expect(page.total).toBe(golds.length);
    expect(page.results.map((r) => r.id)).toEqual(golds.slice(0, 5).map((c) => c.id));
    expect(page.paging?.next?.after).toBe('5');

    const updated = await client.crm.contacts.basicApi.update(golds[0]!.id, { properties: { loyalty_points: '9000' } });
    expect(updated.properties.loyalty_points).toBe('9000');
    const read = await client.crm.contacts.basicApi.getById(golds[0]!.properties.email!.toUpperCase(), ['loyalty_points'], undefined, undefined, false, 'email');
    expect(read.properties.loyalty_points).toBe('9000');
    expect(read.updatedAt.getTime()).toBeGreaterThan(read.createdAt.getTime());
  });

  it('reads companies, their contacts and contact associations', async () => {
    const { standIn, url } = await startStandIn();
    const client = sdk(url);
    const companies = await client.crm.companies.basicApi.getPage(10, undefined, ['name', 'customer_group']);
    expect(companies.results.map((c) => c.properties.name)).toEqual(standIn.retailer.companies.map((c) => c.name));
    const acme = companies.results[0]!;
    const withContacts = await client.crm.companies.basicApi.getById(acme.id, ['customer_group'], undefined, ['contacts']);
    expect(withContacts.associations?.contacts?.results.filter((a) => a.type === 'company_to_contact')).toHaveLength(3);
    const v4 = await client.crm.associations.v4.basicApi.getPage('companies', acme.id, 'contacts');
    expect(v4.results.map((r) => String(r.toObjectId))).toEqual(withContacts.associations!.contacts!.results.filter((a) => a.type === 'company_to_contact').map((a) => a.id));
    const buyer = await client.crm.contacts.basicApi.getById(String(v4.results[0]!.toObjectId), ['associatedcompanyid'], undefined, ['companies']);
    expect(buyer.properties.associatedcompanyid).toBe(acme.id);
    expect(buyer.associations?.companies?.results[0]).toEqual({ id: acme.id, type: 'contact_to_company' });
  });

  it('lists the custom loyalty properties the way HubSpot lists custom properties', async () => {
    const { url } = await startStandIn();
    const all = await sdk(url).crm.properties.coreApi.getAll('contacts');
    const byName = new Map(all.results.map((p) => [p.name, p]));
    expect(byName.get('email')?.hubspotDefined).toBe(true);
    for (const name of ['loyalty_points', 'loyalty_tier', 'store_credit_balance']) {
      expect(byName.get(name)).toMatchObject({ name, modificationMetadata: { readOnlyDefinition: false } });
      expect(byName.get(name)?.hubspotDefined).toBeUndefined();
    }
    expect(byName.get('loyalty_tier')?.options.map((o) => o.value)).toEqual(['bronze', 'silver', 'gold', 'platinum']);
  });

  it('surfaces HubSpot’s error body through ApiException and GDPR-deletes with gdprApi.purge', async () => {
    const { standIn, url } = await startStandIn();
    const client = sdk(url);
    const error = await client.crm.contacts.basicApi.getById('999999').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 404, body: { status: 'error', category: 'OBJECT_NOT_FOUND', correlationId: expect.any(String) } });
    await client.crm.contacts.basicApi.purge({ objectId: 'ava.chen@example.com', idProperty: 'email' });
    expect(standIn.store.find('contacts', 'ava.chen@example.com', 'email')).toBeUndefined();
  });

  it('lets the SDK’s built-in retry ride out a search 429 (secondly limit)', async () => {
    const { standIn, url } = await startStandIn({ limits: { searchPerSecond: 1 } });
    const client = sdk(url, { numberOfApiCallRetries: 2 });
    const search = () => client.crm.contacts.searchApi.doSearch({ filterGroups: [], limit: 1 });
    const [a, b] = await Promise.all([search(), search()]);
    expect([a.total, b.total]).toEqual([standIn.store.list('contacts').length, standIn.store.list('contacts').length]);
    expect(standIn.requests.map((r) => r.status)).toContain(429);
  });

  it('lets the SDK’s built-in retry ride out a ten-secondly 429', { timeout: 30_000 }, async () => {
    const { standIn, url } = await startStandIn({ limits: { max: 1, intervalMs: 1000 } });
    const client = sdk(url, { numberOfApiCallRetries: 2 });
    await client.crm.contacts.basicApi.getById('51');
    // The SDK waits its fixed ten seconds on TEN_SECONDLY_ROLLING, then succeeds.
    expect((await client.crm.contacts.basicApi.getById('54')).id).toBe('54');
    expect(standIn.requests.map((r) => r.status)).toEqual([200, 429, 200]);
  });

  it('configures webhooks with the developer key, and its deliveries pass Signature.isValid (v3)', async () => {
    const { url } = await startStandIn();
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const targetUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/hubspot`;

    const developer = new Client({ developerApiKey: 'ucg-dev-developer-key', basePath: url });
    const settings = await developer.webhooks.settingsApi.configure(1234567, { targetUrl, throttling: { maxConcurrentRequests: 10 } });
    expect(settings.targetUrl).toBe(targetUrl);
    const sub = await developer.webhooks.subscriptionsApi.create(1234567, { eventType: 'contact.propertyChange' as never, propertyName: 'loyalty_points', active: true });
    expect((await developer.webhooks.subscriptionsApi.getAll(1234567)).results.map((s) => s.id)).toEqual([sub.id]);

    await sdk(url).crm.contacts.basicApi.update('51', { properties: { loyalty_points: '100' } });
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const [delivery] = received;
    expect(Signature.isValid({
      signatureVersion: 'v3', method: 'POST', url: targetUrl, clientSecret: 'ucg-dev-client-secret', requestBody: delivery!.body,
      signature: String(delivery!.headers['x-hubspot-signature-v3']), timestamp: Number(delivery!.headers['x-hubspot-request-timestamp']),
    })).toBe(true);
    expect(Signature.isValid({ signatureVersion: 'v1', clientSecret: 'ucg-dev-client-secret', requestBody: delivery!.body, signature: String(delivery!.headers['x-hubspot-signature']) })).toBe(true);
    expect(JSON.parse(delivery!.body)).toEqual([expect.objectContaining({ subscriptionType: 'contact.propertyChange', objectId: 51, propertyName: 'loyalty_points', propertyValue: '100', subscriptionId: Number(sub.id), appId: 1234567 })]);
  });
});
