export { createCatalogServer, type CatalogServer } from './server.ts';
export { loadConfig, type CatalogConfig } from './config.ts';
export type { CatalogDeps } from './runtime.ts';
