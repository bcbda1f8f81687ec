import { runStandIn } from '@ucg/legacy-kit';
import { seedOptionsFromEnv } from '@ucg/legacy-seed';
import { createHubSpotStandIn } from './server.ts';

const { app } = createHubSpotStandIn({ seed: seedOptionsFromEnv() });
await runStandIn('crm', app, 'HubSpot CRM API');
