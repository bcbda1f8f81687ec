import { runStandIn } from '@ucg/legacy-kit';
import { seedOptionsFromEnv } from '@ucg/legacy-seed';
import { createSapStandIn } from './server.ts';

const { app } = createSapStandIn({ seed: seedOptionsFromEnv() });
await runStandIn('erp', app, 'SAP S/4HANA OData (ERP)');
