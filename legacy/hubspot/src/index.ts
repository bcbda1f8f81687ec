export { createHubSpotStandIn, type HubSpotStandIn, type HubSpotStandInOptions, type RequestRecord } from './server.ts';
export type { HubSpotLimits } from './options.ts';
export { signatureV3, signatureV1, signatureUri } from './signature.ts';
export type { WebhookEvent, Subscription, WebhookSettings } from './webhook-dispatch.ts';
