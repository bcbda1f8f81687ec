export { createShipBobStandIn, API_VERSION, type ShipBobStandIn, type ShipBobStandInOptions } from './server.ts';
export { ShipBobAccount } from './account.ts';
export { CHANNELS, API_CHANNEL, SHOPIFY_CHANNEL, WOO_CHANNEL, ANALYTICS_CHANNEL, DEFAULT_TOKEN, DEFAULT_RATE_LIMIT } from './constants.ts';
export { SHIPBOB_TOPICS, EXTENSION_INVENTORY_TOPIC, signDelivery, signingKey } from './webhook-dispatch.ts';
export type { RequestLogEntry } from './http-guard.ts';
