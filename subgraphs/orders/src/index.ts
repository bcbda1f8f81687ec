export { createOrdersServer } from './server.ts';
export { loadConfig, type OrdersConfig } from './config.ts';
