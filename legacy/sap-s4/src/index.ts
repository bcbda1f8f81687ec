export { createSapStandIn, ODATA_ROOT, type SapStandIn, type SapStandInOptions } from './server.ts';
export type { LoggedRequest, Outage } from './sandbox-routes.ts';
export * as sapOrg from './services/org.ts';
