import { serviceDefaults } from '@ucg/service-kit';
import { sdl as cart } from '@ucg/subgraph-cart/schema';
import { sdl as catalog } from '@ucg/subgraph-catalog/schema';
import { sdl as customers } from '@ucg/subgraph-customers/schema';
import { sdl as inventory } from '@ucg/subgraph-inventory/schema';
import { sdl as orders } from '@ucg/subgraph-orders/schema';

export interface SubgraphSource {
  name: 'catalog' | 'inventory' | 'customers' | 'orders' | 'cart';
  /** The URL written into the supergraph; the gateway overrides it per environment (`CATALOG_URL`, …). */
  url: string;
  sdl: string;
}

const defaultUrl = (name: SubgraphSource['name']) => `http://127.0.0.1:${serviceDefaults[name].port}/graphql`;

/** Every subgraph of the supergraph, in composition order. */
export const subgraphs: SubgraphSource[] = [
  { name: 'catalog', url: defaultUrl('catalog'), sdl: catalog },
  { name: 'inventory', url: defaultUrl('inventory'), sdl: inventory },
  { name: 'customers', url: defaultUrl('customers'), sdl: customers },
  { name: 'orders', url: defaultUrl('orders'), sdl: orders },
  { name: 'cart', url: defaultUrl('cart'), sdl: cart },
];
