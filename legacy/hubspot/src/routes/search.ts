import type { FastifyInstance } from 'fastify';
import { objectTypeParam, type HubSpotContext } from '../context.ts';
import { HubSpotHttpError, objectNotFound } from '../errors.ts';
import { planSearch, type SearchRequest } from '../search.ts';

/** `POST /crm/v3/objects/{objectType}/search` and the contact-only `gdpr-delete`. */
export function registerSearchRoutes(app: FastifyInstance, ctx: HubSpotContext): void {
  const { store, catalog, serializer } = ctx;

  app.post('/crm/v3/objects/:objectType/search', async (request) => {
    const type = objectTypeParam(request);
    const plan = planSearch(catalog, type, (request.body ?? {}) as SearchRequest, ctx.limiter.limits.searchMaxTotal);
    const hits = plan.run(store.list(type));
    const page = hits.slice(plan.offset, plan.offset + plan.limit);
    const nextOffset = plan.offset + plan.limit;
    return {
      total: hits.length,
      results: page.map((r) => serializer.object(type, r, plan.properties)),
      // Like HubSpot, the cursor is offered even when following it would cross the result cap.
      ...(nextOffset < hits.length ? { paging: { next: { after: String(nextOffset) } } } : {}),
    };
  });

  /**
   * Permanent deletion. By email, an address HubSpot does not hold is blocklisted all the same,
   * so the answer is 204 either way; by id, an unknown id is a 404.
   */
  app.post('/crm/v3/objects/:objectType/gdpr-delete', async (request, reply) => {
    const type = objectTypeParam(request);
    if (type !== 'contacts') throw new HubSpotHttpError(400, 'VALIDATION_ERROR', 'GDPR delete is only supported for contacts');
    const body = (request.body ?? {}) as { objectId?: string | number; idProperty?: string };
    const objectId = String(body.objectId ?? '').trim();
    if (!objectId) throw new HubSpotHttpError(400, 'VALIDATION_ERROR', 'Invalid input JSON: "objectId" is required');
    const byEmail = body.idProperty === 'email';
    if (body.idProperty && !byEmail && body.idProperty !== 'hs_object_id') throw new HubSpotHttpError(400, 'VALIDATION_ERROR', `${body.idProperty} is not a unique identifier property for contacts`);
    const record = store.find('contacts', objectId, body.idProperty) ?? store.find('contacts', objectId, body.idProperty, true);
    if (!record && !byEmail) return objectNotFound(reply, objectId);
    store.gdprDelete(byEmail ? objectId : undefined, record);
    return reply.code(204).send();
  });
}
