/**
 * Every process of the stack, its default port and the variables that override it. One table, so
 * that `npm start`, the end-to-end harness and each service's own entry point agree.
 */
export const serviceDefaults = {
  gateway: { port: 4000, portEnv: 'GATEWAY_PORT', urlEnv: 'GATEWAY_URL', path: '/graphql' },
  catalog: { port: 4001, portEnv: 'CATALOG_PORT', urlEnv: 'CATALOG_URL', path: '/graphql' },
  inventory: { port: 4002, portEnv: 'INVENTORY_PORT', urlEnv: 'INVENTORY_URL', path: '/graphql' },
  customers: { port: 4003, portEnv: 'CUSTOMERS_PORT', urlEnv: 'CUSTOMERS_URL', path: '/graphql' },
  orders: { port: 4004, portEnv: 'ORDERS_PORT', urlEnv: 'ORDERS_URL', path: '/graphql' },
  cart: { port: 4005, portEnv: 'CART_PORT', urlEnv: 'CART_URL', path: '/graphql' },
  erp: { port: 4101, portEnv: 'ERP_PORT', urlEnv: 'ERP_URL', path: '' },
  crm: { port: 4102, portEnv: 'CRM_PORT', urlEnv: 'CRM_URL', path: '' },
  '3pl-us': { port: 4103, portEnv: 'SHIPBOB_PORT', urlEnv: 'SHIPBOB_URL', path: '' },
  '3pl-eu': { port: 4104, portEnv: 'EDI_ADMIN_PORT', urlEnv: 'EDI_ADMIN_URL', path: '' },
  webstore: { port: 4105, portEnv: 'SHOPIFY_PORT', urlEnv: 'SHOPIFY_URL', path: '' },
  marketplace: { port: 4106, portEnv: 'WOO_PORT', urlEnv: 'WOO_URL', path: '' },
  /** The order-delivery worker (no GraphQL: `/health` and `/metrics`). */
  'order-worker': { port: 4007, portEnv: 'ORDER_WORKER_PORT', urlEnv: 'ORDER_WORKER_URL', path: '' },
} as const;

export type ServiceName = keyof typeof serviceDefaults;

export function envPort(name: ServiceName, env: NodeJS.ProcessEnv = process.env): number {
  const spec = serviceDefaults[name];
  const raw = env[spec.portEnv];
  return raw === undefined || raw === '' ? spec.port : Number(raw);
}

/** Base URL of a service (with `/graphql` for GraphQL services), honouring `<NAME>_URL` then `<NAME>_PORT`. */
export function envUrl(name: ServiceName, env: NodeJS.ProcessEnv = process.env): string {
  const spec = serviceDefaults[name];
  return env[spec.urlEnv] ?? `http://127.0.0.1:${envPort(name, env)}${spec.path}`;
}
