import type { FastifyInstance } from 'fastify';
import { objectTypeParam, type HubSpotContext } from '../context.ts';
import { HubSpotHttpError, objectNotFound, sendError } from '../errors.ts';
import type { ObjectType } from '../properties.ts';

/** HubSpot's association type ids and their labels, per direction. */
const associationTypes: Record<ObjectType, { primary: number; unlabeled: number }> = {
  contacts: { primary: 1, unlabeled: 279 },
  companies: { primary: 2, unlabeled: 280 },
};

/** Property definitions (`/crm/v3/properties`) and v4 associations of one record. */
export function registerSchemaRoutes(app: FastifyInstance, ctx: HubSpotContext): void {
  const { store, catalog } = ctx;

  app.get('/crm/v3/properties/:objectType', async (request) => ({ results: catalog.all(objectTypeParam(request)) }));

  app.get('/crm/v3/properties/:objectType/:propertyName', async (request, reply) => {
    const { propertyName } = request.params as { propertyName: string };
    const def = catalog.get(objectTypeParam(request), propertyName);
    return def ?? sendError(reply, 404, 'OBJECT_NOT_FOUND', `Unable to find property with name: ${propertyName}`);
  });

  app.get('/crm/v4/objects/:objectType/:objectId/associations/:toObjectType', async (request, reply) => {
    const from = objectTypeParam(request);
    const to = objectTypeParam(request, 'toObjectType');
    const { objectId } = request.params as { objectId: string };
    if (!store.find(from, objectId)) return objectNotFound(reply, objectId);
    const q = request.query as { limit?: string; after?: string };
    const limit = q.limit === undefined ? 500 : Number(q.limit);
    const offset = q.after ? Number(q.after) : 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500 || !Number.isInteger(offset) || offset < 0) {
      throw new HubSpotHttpError(400, 'VALIDATION_ERROR', 'limit must be 1-500 and after a non-negative integer');
    }
    const links = from === to ? [] : store.associated(from, objectId);
    const types = associationTypes[from];
    const results = links.slice(offset, offset + limit).map((l) => ({
      toObjectId: Number(l.id),
      associationTypes: [
        ...(l.primary ? [{ category: 'HUBSPOT_DEFINED', typeId: types.primary, label: 'Primary' }] : []),
        { category: 'HUBSPOT_DEFINED', typeId: types.unlabeled, label: null },
      ],
    }));
    const next = offset + limit < links.length ? String(offset + limit) : undefined;
    return { results, ...(next ? { paging: { next: { after: next, link: `?after=${next}` } } } : {}) };
  });
}
