import { describe, expect, it } from 'vitest';
import { anonymousContext, signContext, verifyContext, type RequestContext } from '../src/index.ts';

const secret = 'test-secret';
const ctx: RequestContext = { ...anonymousContext('req-1', 1_000_000), country: 'DE', currency: 'EUR', language: 'de', customer: { email: 'ava.chen@example.com' } };

describe('signed request context', () => {
  it('round-trips a context signed with the shared secret', () => {
    const outcome = verifyContext(signContext(ctx, secret), secret, { now: 1_000_500 });
    expect(outcome).toEqual({ valid: true, context: ctx });
  });

  it('treats a forged identity as anonymous', () => {
    const [payload, sig] = signContext(ctx, secret).split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...ctx, customer: { email: 'someone.else@example.com' } })).toString('base64url');
    const outcome = verifyContext(`${forgedPayload}.${sig}`, secret, { now: 1_000_500 });
    expect(outcome.valid).toBe(false);
    expect(outcome.context.customer).toBeUndefined();
    expect(payload).not.toBe(forgedPayload);
  });

  it('rejects another secret, a missing header, garbage and stale contexts', () => {
    expect(verifyContext(signContext(ctx, 'other'), secret, { now: 1_000_500 })).toMatchObject({ valid: false, reason: 'bad-signature' });
    expect(verifyContext(undefined, secret)).toMatchObject({ valid: false, reason: 'missing' });
    expect(verifyContext('no-dot', secret)).toMatchObject({ valid: false, reason: 'malformed' });
    expect(verifyContext(signContext(ctx, secret), secret, { now: 1_000_000 + 61_000 })).toMatchObject({ valid: false, reason: 'expired' });
  });
});
