export { createCustomersServer, type CustomersDeps } from './server.ts';
export { loadConfig, type CustomersConfig } from './config.ts';
export { createSystems, closeSystems, type CustomerSystems, type ConnectorTuning } from './connectors.ts';
