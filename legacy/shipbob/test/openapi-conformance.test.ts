import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_CHANNEL_ID, newOrderBody, start, type Running } from './helpers.ts';
import { loadConformance, specPath } from './openapi.ts';

const conformance = loadConformance();

/**
 * Validates stand-in answers against ShipBob's own 2026-01 OpenAPI document. The document is not
 * in the repository (it is ShipBob's); set SHIPBOB_OPENAPI_SPEC to a copy to run this suite.
 */
describe.skipIf(!conformance)(`ShipBob 2026-01 OpenAPI conformance (${specPath ?? 'SHIPBOB_OPENAPI_SPEC not set'})`, () => {
  let sb: Running;
  let order: { id: number; shipments: { id: number }[] };
  let shipped: { id: number; shipments: { id: number }[] };
  beforeAll(async () => {
    sb = await start();
    // A delivered seed order (has tracking) and a fresh, unshipped one.
    [shipped] = (await sb.api('/2026-01/order?Limit=1&SortOrder=Oldest')).body;
    order = (await sb.api('/2026-01/order', { method: 'POST', body: newOrderBody('conf-1'), headers: { shipbob_channel_id: API_CHANNEL_ID } })).body;
  });
  afterAll(() => sb.close());

  const cases: [string, string, () => string, number, (() => unknown)?][] = [
    ['GET', '/2026-01/channel', () => '/2026-01/channel', 200],
    ['GET', '/2026-01/location', () => '/2026-01/location', 200],
    ['GET', '/2026-01/inventory-level', () => '/2026-01/inventory-level?PageSize=25', 200],
    ['GET', '/2026-01/inventory-level/{inventoryId}', () => '/2026-01/inventory-level/20000001', 200],
    ['GET', '/2026-01/inventory-level/locations', () => '/2026-01/inventory-level/locations?PageSize=25&SearchBy=NW1000', 200],
    ['GET', '/2026-01/inventory-level/{inventoryId}/locations', () => '/2026-01/inventory-level/20000002/locations', 200],
    ['GET', '/2026-01/order', () => '/2026-01/order?Limit=100', 200],
    ['GET', '/2026-01/order/{orderId}', () => `/2026-01/order/${shipped.id}`, 200],
    ['GET', '/2026-01/order/{orderId}', () => `/2026-01/order/${order.id}`, 200],
    ['GET', '/2026-01/order/{orderId}/shipment', () => `/2026-01/order/${shipped.id}/shipment`, 200],
    ['GET', '/2026-01/shipment/{shipmentId}', () => `/2026-01/shipment/${order.shipments[0]!.id}`, 200],
    ['GET', '/2026-01/order/{orderId}/shipment/{shipmentId}/timeline', () => `/2026-01/order/${shipped.id}/shipment/${shipped.shipments[0]!.id}/timeline`, 200],
    ['GET', '/2026-01/shipments-tracking', () => `/2026-01/shipments-tracking?ShipmentIds=${shipped.shipments[0]!.id}`, 200],
    ['GET', '/2026-01/webhook', () => '/2026-01/webhook', 200],
    ['POST', '/2026-01/webhook', () => '/2026-01/webhook', 200, () => ({ topics: ['order.shipped'], url: 'https://example.com/hook' })],
    ['POST', '/2026-01/order', () => '/2026-01/order', 201, () => newOrderBody('conf-2')],
    ['POST', '/2026-01/order', () => '/2026-01/order', 422, () => newOrderBody('conf-2')],
    ['POST', '/2026-01/order', () => '/2026-01/order', 400, () => ({ reference_id: 'x' })],
  ];

  for (const [method, specPathTemplate, url, status, body] of cases) {
    it(`${method} ${specPathTemplate} → ${status} matches the spec`, async (ctx) => {
      const res = await sb.api(url(), { method, ...(body ? { body: body() } : {}), headers: { shipbob_channel_id: API_CHANNEL_ID } });
      expect(res.status).toBe(status);
      const verdict = conformance!.check(method, specPathTemplate, status, res.body);
      if (!verdict.documented) ctx.skip();
      expect(verdict.errors).toEqual([]);
    });
  }
});
