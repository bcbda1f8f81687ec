export { CONTEXT_HEADER, anonymousContext, hasScope, requestContextSchema, type Identity, type RequestContext } from './context.ts';
export { signContext, verifyContext, DEFAULT_MAX_AGE_MS, type VerifyOutcome } from './signing.ts';
export { currencyForCountry } from './currency.ts';
export { customerIdForEmail } from './customer-id.ts';
