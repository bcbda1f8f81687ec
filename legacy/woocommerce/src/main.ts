import { runStandIn } from '@ucg/legacy-kit';
import { seedOptionsFromEnv } from '@ucg/legacy-seed';
import { createWooStandIn } from './server.ts';

const { app } = createWooStandIn({ seed: seedOptionsFromEnv() });
await runStandIn('marketplace', app, 'WooCommerce REST API (marketplace store)');
