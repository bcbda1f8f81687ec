import type { FastifyInstance, FastifyReply } from 'fastify';
import { V, encodedCommaIn, int32, list, notFound, type Query, type RouteContext } from '../context.ts';
import type { Shipment } from '../model.ts';
import { modelState } from '../replies.ts';
import { shipmentView, timelineView, trackingView } from '../views.ts';

/** Shipments of an order, one shipment, its ShipBob timeline, and carrier tracking (`/shipments-tracking`). */
export function registerShipmentRoutes(app: FastifyInstance, ctx: RouteContext): void {
  /** Resolves `{orderId}` and/or `{shipmentId}` path parameters, answering 400/404 like ShipBob. */
  function resolve(params: { orderId?: string; shipmentId?: string }, reply: FastifyReply): Shipment | Shipment[] | FastifyReply {
    const account = ctx.live.account;
    const orderId = params.orderId === undefined ? undefined : int32(params.orderId);
    const shipmentId = params.shipmentId === undefined ? undefined : int32(params.shipmentId);
    if (params.orderId !== undefined && orderId === undefined) return modelState(reply, 400, { orderId: [`The value '${params.orderId}' is not valid.`] });
    if (params.shipmentId !== undefined && shipmentId === undefined) return modelState(reply, 400, { shipmentId: [`The value '${params.shipmentId}' is not valid.`] });
    if (orderId !== undefined) {
      const order = account.order(orderId);
      if (!order) return notFound(reply, 'Order');
      const shipments = account.shipmentsOf(order);
      if (shipmentId === undefined) return shipments;
      return shipments.find((s) => s.id === shipmentId) ?? notFound(reply, 'Shipment');
    }
    return account.shipment(shipmentId!) ?? notFound(reply, 'Shipment');
  }
  const isReply = (x: unknown): x is FastifyReply => typeof x === 'object' && x !== null && 'sent' in x;

  app.get(`${V}/order/:orderId/shipment`, async (request, reply) => {
    const found = resolve(request.params as { orderId: string }, reply);
    return isReply(found) ? found : (found as Shipment[]).map((s) => shipmentView(ctx.live.account, s));
  });
  for (const path of [`${V}/order/:orderId/shipment/:shipmentId`, `${V}/shipment/:shipmentId`]) {
    app.get(path, async (request, reply) => {
      const found = resolve(request.params as { orderId?: string; shipmentId: string }, reply);
      return isReply(found) ? found : shipmentView(ctx.live.account, found as Shipment);
    });
    app.get(`${path}/timeline`, async (request, reply) => {
      const found = resolve(request.params as { orderId?: string; shipmentId: string }, reply);
      return isReply(found) ? found : timelineView(found as Shipment);
    });
  }

  // Carrier tracking for 1–25 shipments at a time.
  app.get(`${V}/shipments-tracking`, async (request, reply) => {
    const raw = list((request.query as Query).ShipmentIds);
    const ids = raw.map((id) => int32(id));
    if (raw.length === 0 || raw.length > 25 || ids.some((id) => id === undefined) || encodedCommaIn(request.url, 'ShipmentIds')) {
      return reply.code(400).send('ShipmentIds must contain between 1 and 25 valid shipment ids.');
    }
    return ids.map((id) => ctx.live.account.shipment(id!)).filter((s): s is Shipment => s !== undefined && s.tracking !== null).map(trackingView);
  });
}
