import { runStandIn } from '@ucg/legacy-kit';
import { seedOptionsFromEnv } from '@ucg/legacy-seed';
import { createShopifyStandIn } from './server.ts';

const { app } = createShopifyStandIn({ seed: seedOptionsFromEnv() });
await runStandIn('webstore', app, 'Shopify Admin API (web store)');
