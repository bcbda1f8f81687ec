import type { FastifyRequest } from 'fastify';
import { homeUrl, type SiteOptions } from '../auth.ts';
import type { WooStore } from '../state.ts';
import type { WebhookDispatcher } from '../webhooks.ts';

/** What every route module needs: the store (swapped on reset), the site, the webhook dispatcher. */
export interface RouteContext {
  store(): WooStore;
  site: SiteOptions;
  webhooks: WebhookDispatcher;
  /** Used for webhooks created without a `secret`. */
  defaultWebhookSecret: string;
}

export const home = (ctx: RouteContext, request: FastifyRequest) => homeUrl(request, ctx.site);

/** WordPress's JSON-or-form body, as an object (never null). */
export function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const b = request.body;
  return b && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

/** Route id parameter (`(?P<id>[\d]+)`): digits only, otherwise the route does not match. */
export function idParam(request: FastifyRequest, name = 'id'): number | undefined {
  const raw = (request.params as Record<string, string>)[name] ?? '';
  return /^\d+$/.test(raw) ? Number(raw) : undefined;
}

export function nowDate(): string {
  return new Date().toISOString().slice(0, 19);
}
