import { SignJWT } from 'jose';

export interface DevTokenOptions {
  secret?: string;
  issuer?: string;
  audience?: string;
  /** @default "8h" */
  expiresIn?: string;
}

/** Mints a development token: pass `email` for a customer, `scope` (and `sub`) for staff. */
export async function mintDevToken(claims: { email?: string; scope?: string; sub?: string }, options: DevTokenOptions = {}): Promise<string> {
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(options.issuer ?? 'ucg-dev')
    .setAudience(options.audience ?? 'ucg')
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h')
    .sign(new TextEncoder().encode(options.secret ?? 'ucg-dev-jwt-secret'));
}
