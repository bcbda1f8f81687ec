import { runStandIn } from '@ucg/legacy-kit';
import { seedOptionsFromEnv } from '@ucg/legacy-seed';
import { createLogger } from '@ucg/service-kit';
import { createEdiStandIn } from './server.ts';

const { app } = createEdiStandIn({ seed: seedOptionsFromEnv(), logger: createLogger('legacy-3pl-eu-edi') });
await runStandIn('3pl-eu', app, 'EDI warehouse admin (EU)');
