export { createGateway, type Gateway, type GatewayOptions } from './create-gateway.ts';
export { loadConfig, devPartnerKey, type GatewayConfig } from './config.ts';
export { mintDevToken } from './plugins/identity/index.ts';
export { hashApiKey } from './plugins/identity/api-keys.ts';
export { ErrorCode } from './errors.ts';
export { relaxEnforcedFeatures } from './supergraph/load-supergraph.ts';
export type { GatewayContext, Shopper, ClientKind } from './context.ts';
