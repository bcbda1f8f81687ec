import { z } from 'zod';

/** The header the gateway signs and every subgraph verifies. */
export const CONTEXT_HEADER = 'x-ucg-context';

export const requestContextSchema = z.object({
  /** Correlates logs across gateway, subgraphs and connectors. */
  requestId: z.string().max(128),
  /** ISO 3166-1 alpha-2 of the shopper, from `@inContext(country:)`. */
  country: z.string().length(2),
  /** ISO 639-1, lower case, from `@inContext(language:)`. */
  language: z.string().min(2).max(3),
  /** ISO 4217, derived from the country by the gateway. */
  currency: z.string().length(3),
  customer: z.object({ email: z.string() }).optional(),
  partner: z.object({ companyId: z.string(), customerGroup: z.string(), scopes: z.array(z.string()) }).optional(),
  staff: z.object({ subject: z.string(), scopes: z.array(z.string()) }).optional(),
  /** Milliseconds since the epoch when the gateway signed it. */
  issuedAt: z.number(),
});

export type RequestContext = z.infer<typeof requestContextSchema>;
export type Identity = Pick<RequestContext, 'customer' | 'partner' | 'staff'>;

export function anonymousContext(requestId = 'anonymous', issuedAt = Date.now()): RequestContext {
  return { requestId, country: 'US', language: 'en', currency: 'USD', issuedAt };
}

export function hasScope(context: RequestContext, scope: string): boolean {
  return Boolean(context.staff?.scopes.includes(scope) || context.partner?.scopes.includes(scope));
}
