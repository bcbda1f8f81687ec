import type { FastifyReply, FastifyRequest } from 'fastify';
import { createStandIn, type StandIn } from '@ucg/legacy-kit';
import { generateRetailer, type Retailer, type SeedOptions } from '@ucg/legacy-seed';
import { CsrfSessions } from './csrf.ts';
import { handleBatch } from './odata/batch.ts';
import { errorBody, ODataError } from './odata/errors.ts';
import { handle } from './odata/handler.ts';
import type { ServiceDef } from './odata/model.ts';
import { installErpSandbox, type LoggedRequest, type Outage } from './sandbox-routes.ts';
import { businessPartnerService, customersOf, supplierNumber } from './services/business-partners.ts';
import { exchangeRateService } from './services/exchange-rates.ts';
import { listPrice, pricingService } from './services/pricing.ts';
import { productService } from './services/products.ts';
import { purchaseOrderService } from './services/purchase-orders.ts';
import { salesOrderService } from './services/sales-orders.ts';
import { stockService } from './services/stock.ts';
import { ErpState, variantMaterials } from './state.ts';

export interface SapStandInOptions {
  seed?: SeedOptions;
  /** Basic-auth user. @default env ERP_USER or UCG_DEV */
  user?: string;
  /** @default env ERP_PASSWORD or ucg-dev-secret */
  password?: string;
  /** Server-driven page size. @default env ERP_PAGE_SIZE or 1000 */
  pageSize?: number;
  /** Lifetime of a CSRF token and its security session. @default env ERP_CSRF_TTL_MS or 1800000 (30 min) */
  csrfTtlMs?: number;
  clock?: () => number;
  env?: NodeJS.ProcessEnv;
}

export interface SapStandIn extends StandIn {
  retailer: Retailer;
  /** Live ERP data (stock, orders, partners), for assertions in tests. */
  state(): ErpState;
  csrf: CsrfSessions;
  /** Every call that reached an OData service, with its arrival time. */
  requests: LoggedRequest[];
}

export const ODATA_ROOT = '/sap/opu/odata/sap';
const SYSTEM_ID = 'S4H';
const CLIENT = '100';

function odataError(reply: FastifyReply, status: number, code: string, message: string, service?: ServiceDef) {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send(errorBody(new ODataError(status, code, message), service ? { service: service.name, component: service.component } : {}));
}

const modifying = new Set(['POST', 'PUT', 'PATCH', 'MERGE', 'DELETE']);

/** SAP S/4HANA OData v2 stand-in (Gateway under /sap/opu/odata/sap): products, stock, prices, sales and purchase orders, rates, business partners. */
export function createSapStandIn(options: SapStandInOptions = {}): SapStandIn {
  const env = options.env ?? process.env;
  const user = options.user ?? env.ERP_USER ?? 'UCG_DEV';
  const password = options.password ?? env.ERP_PASSWORD ?? 'ucg-dev-secret';
  const pageSize = options.pageSize ?? (Number(env.ERP_PAGE_SIZE) || 1000);
  const clock = options.clock ?? Date.now;
  const expectedAuth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const retailer = generateRetailer(options.seed);
  const materials = variantMaterials(retailer);
  const state = new ErpState(retailer, materials);
  const csrf = new CsrfSessions({ ttlMs: options.csrfTtlMs ?? (Number(env.ERP_CSRF_TTL_MS) || 1_800_000), systemId: SYSTEM_ID, client: CLIENT, clock });
  const outage: Outage = { remaining: 0, retryAfterSeconds: 0 };
  const requests: LoggedRequest[] = [];

  const standIn = createStandIn({
    name: 'SAP S/4HANA',
    defaultLatency: { latencyMs: 120, jitterMs: 80 },
    faultReply: (reply) => odataError(reply, 503, '/IWFND/CM_BEC/026', 'SAP Gateway: backend system is not available'),
    onReset: () => {
      state.reset();
      csrf.expireAll();
      outage.remaining = 0;
      requests.length = 0;
    },
    env,
  });
  const { app } = standIn;
  app.addHttpMethod('MERGE', { hasBody: true });
  app.addContentTypeParser('multipart/mixed', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  const services: ServiceDef[] = [
    productService(retailer),
    stockService(() => state.ledger),
    pricingService(retailer),
    salesOrderService(() => state.sales, { customers: customersOf(retailer), materials, price: (sku, cur, group) => listPrice(retailer, sku, cur, group), now: clock }),
    purchaseOrderService(() => state.purchases, { suppliers: new Set(retailer.suppliers.map((s) => supplierNumber(s.id))), materials, now: clock }),
    exchangeRateService(retailer),
    businessPartnerService(() => state.partners, clock),
  ];

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    // A dead system (sandbox fault) already dropped the connection: nothing arrived.
    if (!request.url.startsWith(`${ODATA_ROOT}/`) || request.raw.socket.destroyed) return;
    requests.push({ at: clock(), method: request.method, path: request.url.split('?')[0]! });
    if (outage.remaining > 0) {
      outage.remaining--;
      reply.header('retry-after', String(outage.retryAfterSeconds));
      return odataError(reply, 503, '/IWFND/CM_BEC/026', 'SAP Gateway: service temporarily unavailable (planned downtime)');
    }
    if (request.headers.authorization !== expectedAuth) {
      // ICF answers a failed logon with its HTML logon-error page, not with an OData error.
      return reply.code(401).header('www-authenticate', `Basic realm="SAP NetWeaver Application Server [${SYSTEM_ID}/${CLIENT}]"`)
        .header('content-type', 'text/html; charset=utf-8').send('<html><head><title>Logon Error Message</title></head><body>Logon failed</body></html>');
    }
    const tokenHeader = request.headers['x-csrf-token'];
    const token = Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader;
    if ((request.method === 'GET' || request.method === 'HEAD') && token?.toLowerCase() === 'fetch') {
      const issued = csrf.fetch(request.headers.cookie);
      reply.header('x-csrf-token', issued.token);
      if (issued.setCookie.length > 0) reply.header('set-cookie', issued.setCookie);
      return;
    }
    if (modifying.has(request.method) && !csrf.validate(request.headers.cookie, token)) {
      return reply.code(403).header('x-csrf-token', 'Required').header('content-type', 'text/plain; charset=utf-8').send('CSRF token validation failed');
    }
  });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (!request.url.startsWith(`${ODATA_ROOT}/`)) return reply.code(status).send({ code: 'SANDBOX_ERROR', message: error.message });
    return odataError(reply, status, status === 500 ? '/IWBEP/CM_MGW_RT/000' : '/IWBEP/CM_MGW_RT/006', error.message);
  });
  app.setNotFoundHandler((request, reply) => {
    const name = request.url.slice(ODATA_ROOT.length + 1).split(/[/?;]/)[0] ?? '';
    return odataError(reply, 404, '/IWFND/MED/170', `No service found for namespace '/SAP/', name '${name}', version '0001'`);
  });

  for (const service of services) {
    const base = `${ODATA_ROOT}/${service.name}`;
    const serve = async (request: FastifyRequest, reply: FastifyReply) => {
      const url = new URL(request.url, 'http://stand-in');
      const path = url.pathname.slice(base.length).replace(/^\//, '');
      const override = request.headers['x-http-method'];
      const method = request.method === 'POST' && typeof override === 'string' ? override.toUpperCase() : request.method;
      const body = typeof request.body === 'string' ? request.body : request.body === undefined ? undefined : JSON.stringify(request.body);
      const serviceUrl = `${request.protocol}://${request.headers.host}${base}`;
      const res = path === '$batch' && method === 'POST'
        ? handleBatch(service, { body: body ?? '', contentType: request.headers['content-type'], servicePath: base, serviceUrl }, {
          pageSize, transaction: { begin: () => state.snapshot(), rollback: (s) => state.restore(s) },
        })
        : handle(service, { method, path, query: url.searchParams, ...(body !== undefined ? { body } : {}), serviceUrl }, { pageSize });
      return reply.code(res.status).headers(res.headers).send(res.body);
    };
    app.get(base, serve);
    app.get(`${base}/`, serve);
    app.get(`${base}/$metadata`, serve);
    app.post(`${base}/$batch`, serve);
    for (const set of service.sets) {
      app.get(`${base}/${set.name}`, serve);
      if (set.create) app.post(`${base}/${set.name}`, serve);
    }
    app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'MERGE', 'DELETE'], url: `${base}/*`, handler: serve });
  }

  installErpSandbox(app, { state: () => state, csrf, outage, log: requests, skus: new Set(materials.keys()) });
  return { ...standIn, retailer, state: () => state, csrf, requests };
}
