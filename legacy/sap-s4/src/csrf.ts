import { randomBytes } from 'node:crypto';

interface Session {
  token: string;
  expiresAt: number;
}

export interface CsrfOptions {
  /** How long a token (and its security session) lives. */
  ttlMs: number;
  /** System id and client, as in the `SAP_SESSIONID_<SID>_<client>` cookie. */
  systemId: string;
  client: string;
  clock?: () => number;
}

function cookies(header: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) map.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return map;
}

/**
 * SAP Gateway's CSRF protection: `X-CSRF-Token: Fetch` on a GET/HEAD opens a security session
 * (cookie `SAP_SESSIONID_<SID>_<client>`) and answers its token; a modifying request must send
 * both the token and the session cookie. Tokens die with their session (timeout or expiry).
 */
export class CsrfSessions {
  private readonly sessions = new Map<string, Session>();
  readonly cookieName: string;
  private readonly clock: () => number;

  constructor(private readonly options: CsrfOptions) {
    this.cookieName = `SAP_SESSIONID_${options.systemId}_${options.client}`;
    this.clock = options.clock ?? Date.now;
  }

  private live(cookieHeader: string | undefined): [string, Session] | undefined {
    const id = cookies(cookieHeader).get(this.cookieName);
    const session = id ? this.sessions.get(id) : undefined;
    if (!id || !session) return undefined;
    if (session.expiresAt <= this.clock()) {
      this.sessions.delete(id);
      return undefined;
    }
    return [id, session];
  }

  /** Answers a token fetch: the live session's token, or a new session (and cookies to set). */
  fetch(cookieHeader: string | undefined): { token: string; setCookie: string[] } {
    const existing = this.live(cookieHeader);
    if (existing) return { token: existing[1].token, setCookie: [] };
    const id = randomBytes(30).toString('base64url');
    const token = randomBytes(18).toString('base64');
    this.sessions.set(id, { token, expiresAt: this.clock() + this.options.ttlMs });
    return {
      token,
      setCookie: [`${this.cookieName}=${id}; path=/; HttpOnly`, `sap-usercontext=sap-client=${this.options.client}; path=/`],
    };
  }

  /** True when the token belongs to the live session named by the cookie. */
  validate(cookieHeader: string | undefined, token: string | undefined): boolean {
    const existing = this.live(cookieHeader);
    return Boolean(existing && token && existing[1].token === token);
  }

  /** Ends every session (as a session timeout would); returns how many were live. */
  expireAll(): number {
    const n = this.sessions.size;
    this.sessions.clear();
    return n;
  }
}
