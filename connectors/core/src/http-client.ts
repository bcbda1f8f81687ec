import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import {
  BrokenCircuitError, ConsecutiveBreaker, DelegateBackoff, circuitBreaker, handleWhen, retry,
  type CircuitBreakerPolicy, type RetryPolicy,
} from 'cockatiel';
import type { Logger } from 'pino';
import { ConnectorError, indicatesOutage, isConnectorError, type SystemId } from './errors.ts';
import { ThrottleGate, parseRetryAfter } from './throttle-gate.ts';

export type Headers = Record<string, string | string[] | undefined>;

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** Path relative to the base URL, or an absolute URL (paging links). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Objects are sent as JSON. */
  body?: unknown;
  /**
   * Safe to send twice. Defaults to true for GET/HEAD/PUT/DELETE; set it for a POST only when the
   * vendor de-duplicates it (an idempotency key or external reference). Non-idempotent requests
   * are retried only when the system certainly did not process them (refused connection, 429, 503).
   */
  idempotent?: boolean;
  /** Statuses the caller handles itself instead of getting a ConnectorError (e.g. 404 as "absent"). */
  acceptStatus?: number[];
  /**
   * Inspects a successful answer and throws a ConnectorError when it is a failure in disguise
   * (Shopify's THROTTLED in a 200, an OData error inside a $batch). Runs inside the retry loop.
   */
  validate?: (response: HttpResponse) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface HttpClientOptions {
  system: SystemId;
  baseUrl: string;
  /** Headers for every request (auth, API version); may be async to fetch or refresh a token. */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Per attempt. @default 5000 */
  timeoutMs?: number;
  /** Attempts after the first. @default 3 */
  maxRetries?: number;
  /** Exponential backoff base with full jitter. @default 100 */
  baseDelayMs?: number;
  /** @default 10000 */
  maxDelayMs?: number;
  /** Consecutive outage failures that open the breaker. @default 5 */
  breakerThreshold?: number;
  /** How long an open breaker fails fast before letting one trial call through. @default 10000 */
  breakerHalfOpenAfterMs?: number;
  /** Reads the vendor's throttle signal; defaults to `Retry-After`. Returns ms to hold all requests. */
  throttleDelay?: (response: HttpResponse) => number | undefined;
  /** Sees every response (e.g. to hold the gate pre-emptively when `x-remaining-calls` hits 0). */
  onResponse?: (response: HttpResponse, gate: ThrottleGate) => void;
  /**
   * Signs each attempt just before it is sent; may add query parameters or headers. Runs per
   * attempt because some schemes (OAuth 1.0a nonces) must never send the same signature twice.
   */
  authorize?: (request: { method: string; url: URL; headers: Record<string, string> }) => void | Promise<void>;
  /** Maps an error answer to the vendor's own error code for logs and `vendorCode`. */
  vendorCode?: (response: HttpResponse) => string | undefined;
  /** Keep-alive connections per origin. @default 32 */
  connections?: number;
  logger?: Logger;
}

export interface HttpClient {
  readonly system: SystemId;
  readonly baseUrl: string;
  readonly gate: ThrottleGate;
  readonly breaker: CircuitBreakerPolicy;
  request(options: RequestOptions): Promise<HttpResponse>;
  json<T>(options: RequestOptions): Promise<T>;
  close(): Promise<void>;
}

function header(headers: Headers, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

function makeResponse(status: number, headers: Headers, body: Buffer, system: SystemId): HttpResponse {
  return {
    status,
    headers,
    body,
    text: () => body.toString('utf8'),
    json<T>() {
      try {
        return JSON.parse(body.toString('utf8')) as T;
      } catch (cause) {
        throw new ConnectorError('UPSTREAM_BAD_RESPONSE', system, `answer with status ${status} is not JSON`, { statusCode: status, upstreamBody: body.toString('utf8'), cause });
      }
    },
  };
}

const neverSent = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The one HTTP layer under every connector: undici keep-alive pooling, per-attempt timeouts,
 * retries with jittered exponential backoff that give way to the vendor's throttle signal, a
 * throttle gate shared by all requests to the system, and a circuit breaker per system.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { system } = options;
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: options.connections ?? 32 });
  const gate = new ThrottleGate();
  const timeoutMs = options.timeoutMs ?? 5000;
  const baseDelay = options.baseDelayMs ?? 100;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const throttleDelay = options.throttleDelay ?? ((r: HttpResponse) => parseRetryAfter(r.headers['retry-after']));
  const log = options.logger?.child({ connector: system });

  const breaker = circuitBreaker(handleWhen((e) => isConnectorError(e) && indicatesOutage(e)), {
    halfOpenAfter: options.breakerHalfOpenAfterMs ?? 10_000,
    breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
  });
  breaker.onStateChange((state) => log?.warn({ state }, `circuit breaker for ${system} is now ${String(state)}`));

  const retryPolicy: RetryPolicy = retry(handleWhen((e) => isConnectorError(e) && e.retryable), {
    maxAttempts: options.maxRetries ?? 3,
    backoff: new DelegateBackoff((context) => {
      const error = 'error' in context.result ? context.result.error : undefined;
      const vendorWait = isConnectorError(error) ? error.retryAfterMs : undefined;
      // Full jitter: spreads retries from many callers so they do not arrive together.
      const jittered = Math.random() * Math.min(maxDelay, baseDelay * 2 ** (context.attempt - 1));
      return vendorWait !== undefined ? Math.max(vendorWait, jittered) : jittered;
    }),
  });

  function url(path: string, query?: RequestOptions['query']): URL {
    const u = /^https?:\/\//.test(path) ? new URL(path) : new URL(path.replace(/^\//, ''), base);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  }

  async function attempt(req: RequestOptions, idempotent: boolean): Promise<HttpResponse> {
    await gate.wait(req.signal);
    const signals = [AbortSignal.timeout(req.timeoutMs ?? timeoutMs), ...(req.signal ? [req.signal] : [])];
    const signal = AbortSignal.any(signals);
    const headers: Record<string, string> = { accept: 'application/json', ...(await options.headers?.()), ...req.headers };
    let body: string | Buffer | undefined;
    if (req.body !== undefined) {
      if (typeof req.body === 'string' || Buffer.isBuffer(req.body)) body = req.body;
      else {
        body = JSON.stringify(req.body);
        headers['content-type'] ??= 'application/json';
      }
    }
    const target = url(req.path, req.query);
    await options.authorize?.({ method: req.method ?? 'GET', url: target, headers });
    let raw: Dispatcher.ResponseData;
    try {
      raw = await undiciRequest(target, { method: req.method ?? 'GET', headers, body, signal, dispatcher: agent });
    } catch (cause) {
      const code = (cause as { code?: string }).code ?? '';
      if (signal.aborted && !req.signal?.aborted) {
        throw new ConnectorError('UPSTREAM_TIMEOUT', system, `no answer from ${target.pathname} within ${req.timeoutMs ?? timeoutMs} ms`, { retryable: idempotent, cause });
      }
      throw new ConnectorError('UPSTREAM_UNAVAILABLE', system, `cannot reach ${target.host}: ${code || (cause as Error).message}`, {
        retryable: idempotent || neverSent.has(code),
        cause,
      });
    }
    const buffer = Buffer.from(await raw.body.arrayBuffer());
    const response = makeResponse(raw.statusCode, raw.headers as Headers, buffer, system);
    options.onResponse?.(response, gate);

    const status = response.status;
    if ((status >= 200 && status < 300) || req.acceptStatus?.includes(status)) {
      req.validate?.(response);
      return response;
    }
    const details = {
      statusCode: status,
      upstreamBody: response.text(),
      headers: response.headers,
      ...(options.vendorCode?.(response) ? { vendorCode: options.vendorCode(response)! } : {}),
    };
    const what = `${req.method ?? 'GET'} ${target.pathname} answered ${status}`;
    if (status === 429) {
      const wait = throttleDelay(response) ?? 1000;
      gate.hold(wait);
      throw new ConnectorError('UPSTREAM_RATE_LIMITED', system, what, { ...details, retryable: true, retryAfterMs: wait });
    }
    if (status === 502 || status === 503 || status === 504) {
      const wait = parseRetryAfter(response.headers['retry-after']);
      if (wait !== undefined) gate.hold(wait);
      throw new ConnectorError('UPSTREAM_UNAVAILABLE', system, what, { ...details, retryable: idempotent || status === 503, ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
    }
    if (status === 401 || status === 403) throw new ConnectorError('UPSTREAM_AUTH_FAILED', system, what, details);
    if (status === 404) throw new ConnectorError('UPSTREAM_NOT_FOUND', system, what, details);
    if (status >= 500) throw new ConnectorError('UPSTREAM_BAD_RESPONSE', system, what, { ...details, retryable: idempotent });
    throw new ConnectorError('UPSTREAM_REJECTED', system, what, details);
  }

  async function request(req: RequestOptions): Promise<HttpResponse> {
    const method = req.method ?? 'GET';
    const idempotent = req.idempotent ?? (method !== 'POST' && method !== 'PATCH');
    return retryPolicy.execute(async () => {
      try {
        return await breaker.execute(() => attempt(req, idempotent));
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          throw new ConnectorError('UPSTREAM_UNAVAILABLE', system, `${system} is failing; circuit open, not calling it`, { circuitOpen: true, retryable: false });
        }
        if (isConnectorError(error) && error.retryable) log?.debug({ code: error.code, path: req.path }, 'retrying');
        throw error;
      }
    }, req.signal);
  }

  return {
    system,
    baseUrl: base,
    gate,
    breaker,
    request,
    async json<T>(req: RequestOptions) {
      return (await request(req)).json<T>();
    },
    async close() {
      await agent.close();
    },
  };
}

export { header as responseHeader };
