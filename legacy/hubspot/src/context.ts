import type { FastifyRequest } from 'fastify';
import type { CrmStore } from './crm-store.ts';
import { HubSpotHttpError } from './errors.ts';
import type { ResolvedOptions } from './options.ts';
import type { ObjectType, PropertyCatalog } from './properties.ts';
import type { RateLimiter } from './rate-limit.ts';
import { objectTypeOf, type Serializer } from './serialize.ts';

/** What every route module of the stand-in works with. */
export interface HubSpotContext {
  options: ResolvedOptions;
  store: CrmStore;
  catalog: PropertyCatalog;
  serializer: Serializer;
  limiter: RateLimiter;
}

/** The `{objectType}` path segment, or HubSpot's 400 for a type it cannot infer. */
export function objectTypeParam(request: FastifyRequest, name = 'objectType'): ObjectType {
  const raw = (request.params as Record<string, string>)[name] ?? '';
  const type = objectTypeOf(raw);
  if (!type) throw new HubSpotHttpError(400, 'VALIDATION_ERROR', `Unable to infer object type from: ${raw}`);
  return type;
}

/** `CONTACT` / `COMPANY`, as HubSpot names object types inside messages. */
export function singularUpper(type: ObjectType): string {
  return type === 'contacts' ? 'CONTACT' : 'COMPANY';
}

export function booleanQuery(value: unknown): boolean {
  return value === true || value === 'true';
}
