import { ConnectorError, createHttpClient, type HttpClient, type HttpResponse } from '@ucg/connector-core';
import type { Logger } from 'pino';
import { shopifyConfigSchema, type ResolvedShopifyConfig, type ShopifyConfig } from './config.ts';

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

interface GraphQLError {
  message: string;
  extensions?: { code?: string; cost?: number; maxCost?: number };
}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: GraphQLError[] | string | Record<string, string>;
  extensions?: { cost?: QueryCost };
}

const bodies = new WeakMap<HttpResponse, GraphQLAnswer<unknown> | null>();

function answerOf(response: HttpResponse): GraphQLAnswer<unknown> | null {
  if (!bodies.has(response)) {
    let parsed: GraphQLAnswer<unknown> | null = null;
    try {
      parsed = JSON.parse(response.text()) as GraphQLAnswer<unknown>;
    } catch {
      parsed = null;
    }
    bodies.set(response, parsed);
  }
  return bodies.get(response)!;
}

const errorList = (answer: GraphQLAnswer<unknown> | null): GraphQLError[] =>
  Array.isArray(answer?.errors) ? answer.errors : answer?.errors ? [{ message: typeof answer.errors === 'string' ? answer.errors : JSON.stringify(answer.errors) }] : [];

/**
 * How long until the bucket holds the cost that was refused: Shopify restores `restoreRate`
 * points a second, so the wait is the shortfall over the rate (plus a little for clock skew).
 */
export function throttleWaitMs(cost: QueryCost | undefined): number {
  if (!cost) return 1000;
  const { currentlyAvailable, restoreRate } = cost.throttleStatus;
  const shortfall = Math.max(0, cost.requestedQueryCost - currentlyAvailable);
  return Math.ceil((shortfall / Math.max(restoreRate, 1)) * 1000) + 25;
}

/** The cost Shopify reported for a query over the single-query limit. */
export function maxCostExceeded(error: unknown): { cost: number; maxCost: number } | undefined {
  const e = error as ConnectorError;
  if (e?.vendorCode !== 'MAX_COST_EXCEEDED' || !e.upstreamBody) return undefined;
  try {
    const ext = errorList(JSON.parse(e.upstreamBody) as GraphQLAnswer<unknown>).find((x) => x.extensions?.code === 'MAX_COST_EXCEEDED')?.extensions;
    return ext?.cost && ext.maxCost ? { cost: ext.cost, maxCost: ext.maxCost } : undefined;
  } catch {
    return undefined;
  }
}

function isThrottled(answer: GraphQLAnswer<unknown> | null): boolean {
  return errorList(answer).some((e) => e.extensions?.code === 'THROTTLED' || e.message === 'Throttled');
}

/** Transport, auth and Shopify's calculated-cost throttling for the Admin GraphQL API. */
export class ShopifyClient {
  readonly http: HttpClient;
  readonly config: ResolvedShopifyConfig;
  private readonly path: string;
  /** The bucket as of the last answer. */
  lastCost: QueryCost | undefined;

  constructor(config: ShopifyConfig, logger?: Logger) {
    this.config = shopifyConfigSchema.parse(config);
    const c = this.config;
    this.path = `/admin/api/${c.apiVersion}/graphql.json`;
    this.http = createHttpClient({
      system: 'webstore',
      baseUrl: c.baseUrl,
      timeoutMs: c.timeoutMs,
      maxRetries: c.maxRetries,
      baseDelayMs: c.baseDelayMs,
      breakerThreshold: c.breakerThreshold,
      breakerHalfOpenAfterMs: c.breakerHalfOpenAfterMs,
      headers: () => ({ 'x-shopify-access-token': c.accessToken }),
      // A THROTTLED answer holds every request to the shop until the bucket has refilled enough.
      onResponse: (response, gate) => {
        const answer = answerOf(response);
        if (answer?.extensions?.cost) this.lastCost = answer.extensions.cost;
        const cost = answer?.extensions?.cost;
        if (response.status !== 200 || !cost) return;
        if (isThrottled(answer)) gate.hold(throttleWaitMs(cost));
        // Pages of a walk repeat the same query: when the bucket could not pay for it again, wait
        // for the refill instead of sending a request Shopify would only throttle.
        else if (cost.throttleStatus.currentlyAvailable < cost.requestedQueryCost) gate.hold(throttleWaitMs(cost));
      },
      vendorCode: (response) => errorList(answerOf(response))[0]?.extensions?.code,
      ...(logger ? { logger } : {}),
    });
  }

  /** Turns Shopify's failures-in-a-200 into ConnectorErrors inside the retry loop. */
  private readonly validate = (response: HttpResponse): void => {
    const answer = answerOf(response);
    if (!answer) throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'webstore', 'answer is not JSON', { statusCode: response.status, upstreamBody: response.text(), retryable: true });
    const errors = errorList(answer);
    if (!errors.length) return;
    const details = { statusCode: response.status, upstreamBody: response.text() };
    if (isThrottled(answer)) {
      const wait = throttleWaitMs(answer.extensions?.cost);
      throw new ConnectorError('UPSTREAM_RATE_LIMITED', 'webstore', `Throttled: the bucket refills enough in ${wait} ms`, {
        ...details, retryable: wait <= this.config.maxThrottleWaitMs, retryAfterMs: wait, vendorCode: 'THROTTLED',
      });
    }
    const code = errors.find((e) => e.extensions?.code)?.extensions?.code;
    const message = `GraphQL error: ${errors.map((e) => e.message.split('\n')[0]).join('; ')}`;
    if (code === 'ACCESS_DENIED') throw new ConnectorError('UPSTREAM_AUTH_FAILED', 'webstore', message, { ...details, vendorCode: code });
    if (code === 'INTERNAL_SERVER_ERROR') throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'webstore', message, { ...details, vendorCode: code, retryable: true });
    throw new ConnectorError('UPSTREAM_REJECTED', 'webstore', message, { ...details, ...(code ? { vendorCode: code } : {}) });
  };

  /**
   * Runs a query or mutation. Queries are safe to retry; a mutation only when the caller says so
   * (an idempotency key), except after THROTTLED, which Shopify answers without running it.
   */
  async request<T>(query: string, variables: Record<string, unknown> = {}, options: { idempotent?: boolean } = {}): Promise<T> {
    const response = await this.http.request({
      method: 'POST', path: this.path, body: { query, variables }, idempotent: options.idempotent ?? !/^\s*mutation\b/.test(query), validate: this.validate,
    });
    const answer = answerOf(response) as GraphQLAnswer<T>;
    if (!answer.data) throw new ConnectorError('UPSTREAM_BAD_RESPONSE', 'webstore', 'GraphQL answer without data', { upstreamBody: response.text() });
    return answer.data;
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
