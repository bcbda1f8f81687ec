import { createHttpClient, resilienceOptions, type HttpClient, type HttpResponse, type RequestOptions } from '@ucg/connector-core';
import type { Logger } from 'pino';
import type { ResolvedHubSpotConfig } from './config.ts';
import { HubSpotRateLimit, SearchPacer } from './rate-limit.ts';

/** HubSpot's error body; `category` becomes the ConnectorError's `vendorCode`. */
function categoryOf(response: HttpResponse): string | undefined {
  try {
    const body = response.json<{ category?: string; policyName?: string }>();
    return body.category ?? body.policyName;
  } catch {
    return undefined;
  }
}

/**
 * Transport and auth for HubSpot: the CRM API with the private-app token, paced to the
 * ten-second limit; search paced on its own; the developer API (webhooks) with the app's
 * developer key, on a client of its own so that its auth never mixes with the token's.
 */
export class HubSpotClient {
  readonly http: HttpClient;
  readonly rateLimit: HubSpotRateLimit;
  private readonly searchPacer: SearchPacer;
  private developerHttp: HttpClient | undefined;

  constructor(
    readonly config: ResolvedHubSpotConfig,
    private readonly logger?: Logger,
  ) {
    this.rateLimit = new HubSpotRateLimit(config.rateLimitReserve);
    this.searchPacer = new SearchPacer(config.searchRequestsPerSecond);
    this.http = createHttpClient({
      system: 'crm',
      baseUrl: config.baseUrl,
      ...resilienceOptions(config),
      headers: () => ({ authorization: `Bearer ${config.token}` }),
      onResponse: (response, gate) => this.rateLimit.observe(response, gate),
      throttleDelay: (response) => this.rateLimit.delayAfter429(response),
      vendorCode: categoryOf,
      ...(logger ? { logger } : {}),
    });
  }

  json<T>(options: RequestOptions): Promise<T> {
    return this.http.json<T>(options);
  }

  /** A CRM search call, paced under the search limit. */
  async search<T>(path: string, body: unknown): Promise<T> {
    // Search is a read: safe to send twice.
    return this.searchPacer.run(() => this.http.json<T>({ method: 'POST', path, body, idempotent: true }));
  }

  /** The developer API, authenticated with `hapikey` as HubSpot requires for app webhooks. */
  developer(): { http: HttpClient; appId: string; key: string } | undefined {
    const { developerApiKey, appId } = this.config;
    if (!developerApiKey || !appId) return undefined;
    this.developerHttp ??= createHttpClient({
      system: 'crm',
      baseUrl: this.config.baseUrl,
      ...resilienceOptions(this.config),
      vendorCode: categoryOf,
      ...(this.logger ? { logger: this.logger } : {}),
    });
    return { http: this.developerHttp, appId, key: developerApiKey };
  }

  async close(): Promise<void> {
    await Promise.all([this.http.close(), this.developerHttp?.close()]);
  }
}
