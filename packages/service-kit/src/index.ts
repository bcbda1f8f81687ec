export { parseConfig, ConfigError } from './config.ts';
export { createLogger, type Logger } from './logger.ts';
export { createHttpService, readBody, sendJson, BodyTooLargeError, type HttpService, type Route, type RouteHandler } from './http-service.ts';
export { apolloHandler, headerMapOf, parseGraphqlBody, readGraphqlBody, readGraphqlText, writeApolloResponse, type ApolloHandlerOptions } from './apollo-handler.ts';
export { onShutdown } from './shutdown.ts';
export { envPort, envUrl, serviceDefaults, type ServiceName } from './env.ts';
