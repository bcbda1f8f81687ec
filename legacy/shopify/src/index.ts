export { createShopifyStandIn, API_VERSION, type ShopifyStandIn, type ShopifyStandInOptions } from './server.ts';
export { TEST_TOKENS } from './operations.ts';
