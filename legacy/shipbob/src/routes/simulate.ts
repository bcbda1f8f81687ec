import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { V, type RouteContext } from '../context.ts';
import { problem } from '../replies.ts';

interface Step {
  action: 'ShipOrder' | 'DeliverOrder';
  delay: number | null;
  next: Step | null;
}
interface StepStatus {
  action: Step['action'];
  status: 'Scheduled' | 'Completed' | 'Failed';
  message: string | null;
  schedule_time: string;
  next: StepStatus | null;
}

function readStep(raw: unknown): Step | undefined {
  const o = raw as { action?: unknown; delay?: unknown; next?: unknown } | null;
  if (!o || (o.action !== 'ShipOrder' && o.action !== 'DeliverOrder')) return undefined;
  const next = o.next === undefined || o.next === null ? null : readStep(o.next);
  if (next === undefined) return undefined;
  return { action: o.action, delay: typeof o.delay === 'number' ? o.delay : null, next };
}

/**
 * ShipBob's sandbox simulations (`POST /simulate/shipment`, `GET /simulate/status/{id}`): ship and
 * deliver a shipment, optionally chained and delayed (minutes), firing the same webhooks as production.
 */
export function registerSimulationRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const runs = new Map<string, { shipmentId: number; root: StepStatus }>();

  function run(shipmentId: number, step: Step, status: StepStatus): void {
    const account = ctx.live.account;
    const shipment = account.shipment(shipmentId);
    try {
      if (!shipment) throw new Error(`shipment ${shipmentId} not found`);
      if (step.action === 'ShipOrder') account.ship(shipment.orderId, shipmentId);
      else account.deliver(shipment.orderId, shipmentId);
      status.status = 'Completed';
      status.message = `${step.action} completed`;
    } catch (error) {
      status.status = 'Failed';
      status.message = (error as Error).message;
    }
    if (step.next && status.next) schedule(shipmentId, step.next, status.next);
  }

  function schedule(shipmentId: number, step: Step, status: StepStatus): void {
    const delayMs = (step.delay ?? 0) * 60_000;
    status.schedule_time = new Date(ctx.clock() + delayMs).toISOString();
    if (delayMs === 0) run(shipmentId, step, status);
    else setTimeout(() => run(shipmentId, step, status), delayMs).unref();
  }

  const statusOf = (step: Step): StepStatus => ({ action: step.action, status: 'Scheduled', message: null, schedule_time: '', next: step.next ? statusOf(step.next) : null });

  app.post(`${V}/simulate/shipment`, async (request, reply) => {
    const body = (request.body ?? {}) as { shipment_id?: unknown; simulation?: unknown };
    const shipmentId = Number(body.shipment_id);
    const step = readStep(body.simulation);
    if (!Number.isInteger(shipmentId) || !step) return problem(reply, 400, 'Bad Request', 'shipment_id and simulation.action (ShipOrder | DeliverOrder) are required.');
    if (!ctx.live.account.shipment(shipmentId)) return problem(reply, 404, 'Not Found', `Shipment ${shipmentId} not found`);
    const id = randomUUID();
    const root = statusOf(step);
    runs.set(id, { shipmentId, root });
    schedule(shipmentId, step, root);
    return { simulation_id: id, message: 'Simulation request accepted' };
  });

  app.get(`${V}/simulate/status/:simulationId`, async (request, reply) => {
    const { simulationId } = request.params as { simulationId: string };
    const found = runs.get(simulationId);
    if (!found) return problem(reply, 404, 'Not Found', `Simulation ${simulationId} not found`);
    return { simulation_id: simulationId, entity_id: String(found.shipmentId), entity_type: 'Shipment', simulation: found.root };
  });
}
