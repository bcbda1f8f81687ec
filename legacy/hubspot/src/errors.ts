import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';

/** HubSpot's error categories (the `category` field of every error body). */
export type HubSpotCategory =
  | 'VALIDATION_ERROR'
  | 'OBJECT_NOT_FOUND'
  | 'INVALID_AUTHENTICATION'
  | 'CONFLICT'
  | 'RATE_LIMITS'
  | 'MISSING_SCOPES'
  | 'INTERNAL_ERROR';

export interface HubSpotErrorBody {
  status: 'error';
  message: string;
  correlationId: string;
  category: HubSpotCategory;
  context?: Record<string, string[]>;
  errors?: { message: string; code?: string; in?: string; context?: Record<string, string[]> }[];
  subCategory?: string;
}

/** The body HubSpot answers every failed call with. */
export function errorBody(category: HubSpotCategory, message: string, extra: Partial<Omit<HubSpotErrorBody, 'status' | 'category' | 'message'>> = {}): HubSpotErrorBody {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

export function sendError(
  reply: FastifyReply,
  statusCode: number,
  category: HubSpotCategory,
  message: string,
  extra: Partial<Omit<HubSpotErrorBody, 'status' | 'category' | 'message'>> = {},
): FastifyReply {
  return reply.code(statusCode).send(errorBody(category, message, extra));
}

/** 404 for a single object, word for word as HubSpot says it. */
export function objectNotFound(reply: FastifyReply, id: string): FastifyReply {
  return sendError(reply, 404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.', { context: { id: [id] } });
}

/** One rejected property value, as HubSpot lists them inside "Property values were not valid". */
export interface PropertyProblem {
  isValid: false;
  message: string;
  error: 'PROPERTY_DOESNT_EXIST' | 'INVALID_OPTION' | 'INVALID_DOUBLE' | 'READ_ONLY_VALUE' | 'INVALID_EMAIL';
  name: string;
  localizedErrorMessage: string;
}

export function propertyProblem(name: string, error: PropertyProblem['error'], message: string): PropertyProblem {
  return { isValid: false, message, error, name, localizedErrorMessage: message };
}

/** HubSpot embeds the list of problems as JSON inside the message string. */
export function invalidProperties(reply: FastifyReply, problems: PropertyProblem[]): FastifyReply {
  return sendError(reply, 400, 'VALIDATION_ERROR', `Property values were not valid: ${JSON.stringify(problems)}`);
}

/** A thrown error a route turns into a HubSpot error answer. */
export class HubSpotHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly category: HubSpotCategory,
    message: string,
    readonly extra: Partial<Omit<HubSpotErrorBody, 'status' | 'category' | 'message'>> = {},
  ) {
    super(message);
  }
}
