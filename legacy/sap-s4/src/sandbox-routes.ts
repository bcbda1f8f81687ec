import type { FastifyInstance } from 'fastify';
import type { CsrfSessions } from './csrf.ts';
import { PLANT, STORAGE_LOCATION } from './services/org.ts';
import type { ErpState } from './state.ts';

/** A call that reached the ERP's OData services, for tests that check timing (throttle windows). */
export interface LoggedRequest {
  at: number;
  method: string;
  path: string;
}

/** The next `remaining` vendor calls answer 503 with `Retry-After` (planned downtime / overload). */
export interface Outage {
  remaining: number;
  retryAfterSeconds: number;
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/**
 * ERP-specific sandbox controls: plant stock movements (the ERP has no push notification in this
 * subset, so nothing is sent: consumers poll A_MatlStkInAcctMod), CSRF token expiry, a
 * deterministic 503 + Retry-After outage, and the request log.
 */
export function installErpSandbox(app: FastifyInstance, deps: { state: () => ErpState; csrf: CsrfSessions; outage: Outage; log: LoggedRequest[]; skus: Set<string> }): void {
  app.post('/__sandbox/stock', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const bad = (code: string, message: string) => reply.code(400).send({ code, message });
    if (typeof body.sku !== 'string' || typeof body.location !== 'string') return bad('SANDBOX_BAD_STOCK', 'sku and location (the plant) are required strings');
    if ((body.delta === undefined) === (body.onHand === undefined)) return bad('SANDBOX_BAD_STOCK', 'give exactly one of delta or onHand');
    if (body.delta !== undefined && !isInt(body.delta)) return bad('SANDBOX_BAD_STOCK', 'delta must be an integer');
    if (body.onHand !== undefined && !(isInt(body.onHand) && body.onHand >= 0)) return bad('SANDBOX_BAD_STOCK', 'onHand must be a non-negative integer');
    if (!deps.skus.has(body.sku)) return bad('SANDBOX_UNKNOWN_SKU', `material ${body.sku} does not exist`);
    if (body.location !== PLANT) return bad('SANDBOX_UNKNOWN_LOCATION', `plant ${body.location} does not exist (the ERP holds stock in plant ${PLANT})`);
    const ledger = deps.state().ledger;
    const current = ledger.stock.get(body.sku) ?? 0;
    const next = body.onHand !== undefined ? (body.onHand as number) : current + (body.delta as number);
    // A goods issue beyond unrestricted stock is refused (SAP message M7/021, "deficit of unrestricted-use stock").
    if (next < 0) return bad('SANDBOX_NEGATIVE_STOCK', `deficit of ${-next} PC unrestricted-use stock for ${body.sku} in ${PLANT}/${STORAGE_LOCATION}`);
    ledger.stock.set(body.sku, next);
    ledger.version++;
    return { sku: body.sku, location: PLANT, storageLocation: STORAGE_LOCATION, onHand: next, committed: 0, available: next, notification: null };
  });

  app.post('/__sandbox/csrf/expire', async () => ({ expired: deps.csrf.expireAll() }));

  app.post('/__sandbox/outage', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!isInt(body.requests) || body.requests < 0 || !isInt(body.retryAfterSeconds) || body.retryAfterSeconds < 0) {
      return reply.code(400).send({ code: 'SANDBOX_BAD_OUTAGE', message: 'requests and retryAfterSeconds must be non-negative integers' });
    }
    deps.outage.remaining = body.requests;
    deps.outage.retryAfterSeconds = body.retryAfterSeconds;
    return deps.outage;
  });

  app.get('/__sandbox/requests', async () => deps.log);
}
