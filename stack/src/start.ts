import { join } from 'node:path';
import { createLogger } from '@ucg/service-kit';
import { redisAnswers } from '@ucg/store';
import { generateRetailer, RetailerIndex, demoCustomerEmail, seedOptionsFromEnv } from '@ucg/legacy-seed';
import { mintDevToken } from '@ucg/gateway';
import { launchStack } from './launch.ts';
import { repoRoot } from './services.ts';

/** `npm start`: every legacy stand-in, every subgraph and the gateway, on embedded defaults. */
const logger = createLogger('stack', { level: 'info' });
const env: Record<string, string> = {
  EDI_EXCHANGE_DIR: process.env.EDI_EXCHANGE_DIR ?? join(repoRoot, '.data', 'edi'),
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
};

if (process.env.REDIS_URL) {
  logger.info({ store: 'redis', url: process.env.REDIS_URL }, `state store: Redis at ${process.env.REDIS_URL} (REDIS_URL)`);
} else if (await redisAnswers('127.0.0.1', 6379)) {
  env.REDIS_URL = 'redis://127.0.0.1:6379';
  logger.info({ store: 'redis', url: env.REDIS_URL }, 'state store: Redis at redis://127.0.0.1:6379 (found running)');
} else {
  logger.info({ store: 'memory' }, 'state store: embedded in-process store (no REDIS_URL and nothing on 127.0.0.1:6379): the subgraphs share one process; state is lost on exit');
}
const embedded = !env.REDIS_URL && !process.env.REDIS_URL && !process.env.REDIS_CLUSTER_NODES;

const started = Date.now();
let stack;
try {
  stack = await launchStack({
    env,
    embedded,
    onLine: (name: string, line: string) => {
      process.stdout.write(`[${name}] ${line}\n`);
    },
  });
} catch (error) {
  logger.error({ err: error }, 'the stack did not start');
  process.exit(1);
}

const retailer = generateRetailer(seedOptionsFromEnv());
const index = new RetailerIndex(retailer);
const product = retailer.products.find((p) => p.inWebStore && (index.variantsByProduct.get(p.id)?.length ?? 0) >= 3)!;
const token = await mintDevToken({ email: demoCustomerEmail });
const query = `query Example @inContext(country: US) { product(handle: "${product.handle}") { title variants(first: 3) { nodes { sku price { amount currencyCode } availability { availableToSell } } } } me { email loyalty { points tier } } }`;
const gatewayUrl = `${stack.urls.gateway}/graphql`;

process.stdout.write(`
Unified Commerce Graph is up in ${((Date.now() - started) / 1000).toFixed(1)} s.

  Gateway:   ${gatewayUrl}   (health: ${stack.urls.gateway}/health, ready: ${stack.urls.gateway}/ready)
  Signed in: ${demoCustomerEmail} (development token below, valid 8 hours)

Try it (title from the web store, prices from the ERP, stock from the 3PLs and stores, loyalty from the CRM):

curl -s ${gatewayUrl} \\
  -H 'content-type: application/json' \\
  -H 'authorization: Bearer ${token}' \\
  --data '${JSON.stringify({ query })}'

Ctrl-C stops everything.
`);

let stopping = false;
const shutdown = async () => {
  if (stopping) process.exit(130);
  stopping = true;
  process.stdout.write('\nstopping…\n');
  await stack.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
