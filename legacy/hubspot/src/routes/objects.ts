import type { FastifyInstance, FastifyRequest } from 'fastify';
import { booleanQuery, objectTypeParam, type HubSpotContext } from '../context.ts';
import { HubSpotHttpError, invalidProperties, objectNotFound, sendError } from '../errors.ts';
import { ALWAYS_RETURNED } from '../properties.ts';
import { parseList } from '../serialize.ts';
import { validateProperties } from '../validate.ts';

interface ObjectQuery {
  limit?: string;
  after?: string;
  properties?: string | string[];
  associations?: string | string[];
  archived?: string;
  idProperty?: string;
}

const MAX_LIST_PAGE = 100;

/** The next page's link keeps the caller's query and swaps `after`, with HubSpot's absolute URL. */
function nextLink(request: FastifyRequest, after: string): string {
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  url.searchParams.set('after', after);
  return url.toString();
}

/** Single-object CRUD and the paged list of `/crm/v3/objects/{objectType}`. */
export function registerObjectRoutes(app: FastifyInstance, ctx: HubSpotContext): void {
  const { store, catalog, serializer } = ctx;

  app.get('/crm/v3/objects/:objectType', async (request) => {
    const type = objectTypeParam(request);
    const q = request.query as ObjectQuery;
    const limit = q.limit === undefined ? 10 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_PAGE) throw new HubSpotHttpError(400, 'VALIDATION_ERROR', `limit must be between 1 and ${MAX_LIST_PAGE}, got ${q.limit}`);
    // The cursor is opaque to clients; here it is the id of the first record of the next page.
    const after = q.after === undefined || q.after === '' ? 0 : Number(q.after);
    if (!Number.isFinite(after)) throw new HubSpotHttpError(400, 'VALIDATION_ERROR', `Invalid after: ${q.after}`);
    const records = store.list(type, booleanQuery(q.archived)).filter((r) => Number(r.id) >= after);
    const page = records.slice(0, limit);
    const properties = parseList(q.properties);
    const associations = parseList(q.associations);
    const next = records[limit];
    return {
      results: page.map((r) => serializer.object(type, r, properties, associations)),
      ...(next ? { paging: { next: { after: next.id, link: nextLink(request, next.id) } } } : {}),
    };
  });

  app.get('/crm/v3/objects/:objectType/:objectId', async (request, reply) => {
    const type = objectTypeParam(request);
    const q = request.query as ObjectQuery;
    const { objectId } = request.params as { objectId: string };
    const record = store.find(type, objectId, q.idProperty, booleanQuery(q.archived));
    if (!record) return objectNotFound(reply, objectId);
    return serializer.object(type, record, parseList(q.properties), parseList(q.associations));
  });

  app.post('/crm/v3/objects/:objectType', async (request, reply) => {
    const type = objectTypeParam(request);
    const body = (request.body ?? {}) as { properties?: unknown };
    const checked = validateProperties(catalog, type, body.properties ?? {});
    if (!checked.ok) return invalidProperties(reply, checked.problems);
    const email = checked.values.email;
    if (type === 'contacts' && email) {
      const existing = store.find('contacts', email, 'email');
      if (existing) return sendError(reply, 409, 'CONFLICT', `Contact already exists. Existing ID: ${existing.id}`);
      if (store.blocklist.has(email)) return sendError(reply, 400, 'VALIDATION_ERROR', `Contact ${email} was permanently deleted (GDPR) and cannot be recreated`);
    }
    const record = store.create(type, checked.values);
    return reply.code(201).send(serializer.object(type, record, Object.keys(checked.values)));
  });

  app.patch('/crm/v3/objects/:objectType/:objectId', async (request, reply) => {
    const type = objectTypeParam(request);
    const { objectId } = request.params as { objectId: string };
    const q = request.query as ObjectQuery;
    const record = store.find(type, objectId, q.idProperty);
    if (!record) return objectNotFound(reply, objectId);
    const checked = validateProperties(catalog, type, ((request.body ?? {}) as { properties?: unknown }).properties ?? {});
    if (!checked.ok) return invalidProperties(reply, checked.problems);
    const email = checked.values.email;
    if (email && email !== record.properties.email && store.find('contacts', email, 'email')) {
      return sendError(reply, 409, 'CONFLICT', `Contact already exists. Existing ID: ${store.find('contacts', email, 'email')!.id}`);
    }
    store.update(type, record, checked.values);
    return serializer.object(type, record, [...Object.keys(checked.values), ...ALWAYS_RETURNED[type]]);
  });

  app.delete('/crm/v3/objects/:objectType/:objectId', async (request, reply) => {
    const type = objectTypeParam(request);
    const { objectId } = request.params as { objectId: string };
    const record = store.find(type, objectId);
    // HubSpot answers 204 whether or not there was anything to archive.
    if (record) store.archive(type, record);
    return reply.code(204).send();
  });
}
