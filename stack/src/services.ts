import { fileURLToPath } from 'node:url';
import type { ServiceName } from '@ucg/service-kit';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface ProcessSpec {
  name: ServiceName | 'subgraphs';
  /** Entry module, relative to the repository root. */
  entry: string;
  tier: 'legacy' | 'subgraph' | 'gateway';
  description: string;
  /** Services this process answers for (their /health is awaited); defaults to `[name]`. */
  serves?: ServiceName[];
}

/** Every process `npm start` runs, in start order by tier. */
export const processes: ProcessSpec[] = [
  { name: 'erp', entry: 'legacy/sap-s4/src/main.ts', tier: 'legacy', description: 'ERP (SAP S/4HANA OData)' },
  { name: 'crm', entry: 'legacy/hubspot/src/main.ts', tier: 'legacy', description: 'CRM (HubSpot)' },
  { name: '3pl-us', entry: 'legacy/shipbob/src/main.ts', tier: 'legacy', description: '3PL-US (ShipBob)' },
  { name: '3pl-eu', entry: 'legacy/edi-warehouse/src/main.ts', tier: 'legacy', description: '3PL-EU (X12 EDI warehouse, admin)' },
  { name: 'webstore', entry: 'legacy/shopify/src/main.ts', tier: 'legacy', description: 'web store (Shopify)' },
  { name: 'marketplace', entry: 'legacy/woocommerce/src/main.ts', tier: 'legacy', description: 'marketplace store (WooCommerce)' },
  { name: 'catalog', entry: 'subgraphs/catalog/src/main.ts', tier: 'subgraph', description: 'catalog subgraph' },
  { name: 'inventory', entry: 'subgraphs/inventory/src/main.ts', tier: 'subgraph', description: 'inventory subgraph' },
  { name: 'customers', entry: 'subgraphs/customers/src/main.ts', tier: 'subgraph', description: 'customers subgraph' },
  { name: 'orders', entry: 'subgraphs/orders/src/main.ts', tier: 'subgraph', description: 'orders subgraph' },
  { name: 'cart', entry: 'subgraphs/cart/src/main.ts', tier: 'subgraph', description: 'cart subgraph' },
  { name: 'order-worker', entry: 'subgraphs/orders/src/worker/main.ts', tier: 'subgraph', description: 'order delivery worker (outbox → ERP, 3PLs, CRM)' },
  { name: 'gateway', entry: 'gateway/src/main.ts', tier: 'gateway', description: 'gateway' },
];

const statefulServices: ServiceName[] = ['catalog', 'inventory', 'customers', 'orders', 'cart', 'order-worker'];

/**
 * Without Redis, the subgraphs and the order worker share state (reservations, carts, the order
 * outbox) only if they share one in-process store, so they run in one process: each still serves
 * its own port, and every hop from the gateway to a subgraph and from a subgraph to a legacy
 * system remains real HTTP between processes.
 */
export const embeddedProcesses: ProcessSpec[] = [
  ...processes.filter((p) => !statefulServices.includes(p.name as ServiceName)).filter((p) => p.tier === 'legacy'),
  { name: 'subgraphs', entry: 'stack/src/embedded-host.ts', tier: 'subgraph', description: 'subgraphs and order worker (one process, embedded store)', serves: statefulServices },
  ...processes.filter((p) => p.tier === 'gateway'),
];
