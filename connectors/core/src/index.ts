export { ConnectorError, isConnectorError, indicatesOutage, lateAnswer, type ConnectorErrorCode, type ConnectorErrorDetails, type SystemId } from './errors.ts';
export { createHttpClient, responseHeader, type HttpClient, type HttpClientOptions, type HttpResponse, type RequestOptions, type Headers } from './http-client.ts';
export { ThrottleGate, parseRetryAfter } from './throttle-gate.ts';
export { money, addMoney, sumMoney, multiplyMoney, convertMoney, compareMoney, currencyDecimals, Big, type Money } from './money.ts';
export type * from './canonical.ts';
export { WebhookError, hmac, signaturesMatch, assertFresh, type WebhookRejection } from './webhooks.ts';
export { resilienceConfig, resilienceOptions, type ResilienceDefaults, type ResilienceSettings } from './resilience-config.ts';
