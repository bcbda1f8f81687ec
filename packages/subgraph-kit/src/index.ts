export { FEDERATION_LINK, commonSdl, subgraphSdl, subgraphTypeDefs, readSchemaFile } from './sdl.ts';
export { scalarResolvers, isoDuration } from './scalars.ts';
export { badUserInput, notAuthenticated, forbidden, formatSubgraphError } from './errors.ts';
export { createSubgraphServer, runSubgraph, subgraphEnvSchema, type SubgraphContext, type SubgraphServer, type SubgraphServerOptions } from './server.ts';
export { connection, decodeCursor, encodeCursor, pageArgs, type Connection, type PageArgs } from './connection.ts';
export { webhookRoute } from './webhook-route.ts';
export { subscribeWebhooks, type WebhookSubscription, type WebhookRegistration } from './webhook-subscriptions.ts';
