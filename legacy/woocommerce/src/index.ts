export { createWooStandIn, type WooStandIn, type WooStandInOptions } from './server.ts';
export { wooSignatureBaseString, parseOAuthHeader, rawurlencode, NonceLedger, OAUTH_WINDOW_SECONDS, type ApiKey } from './oauth.ts';
export { parseStr, type PhpArray, type PhpValue } from './php-query.ts';
export { phpJson } from './php-json.ts';
export type { WebhookDeliveryRecord } from './webhooks.ts';
export type { WooCustomer, WooOrder, WooProduct, WooVariation, WooWebhook } from './types.ts';
