import { runStandIn } from '@ucg/legacy-kit';
import { seedOptionsFromEnv } from '@ucg/legacy-seed';
import { createShipBobStandIn } from './server.ts';

const { app } = createShipBobStandIn({ seed: seedOptionsFromEnv() });
await runStandIn('3pl-us', app, 'ShipBob API (US fulfilment)');
