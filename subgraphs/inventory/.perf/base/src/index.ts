export { createInventoryServer, type InventoryServer } from './server.ts';
export { loadConfig, type InventoryConfig } from './config.ts';
export type { InventoryDeps } from './runtime.ts';
