export { createCartServer, type CartDeps } from './server.ts';
export { loadConfig, type CartConfig } from './config.ts';
