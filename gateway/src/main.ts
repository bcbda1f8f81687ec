import cluster from 'node:cluster';
import { createLogger, envPort, onShutdown } from '@ucg/service-kit';
import { loadConfig } from './config.ts';
import { limitHeapGrowth } from './heap.ts';

const logger = createLogger('gateway');
const config = loadConfig();
limitHeapGrowth(config.heapGrowthPercent);

// The primary only supervises: it never loads the gateway itself (memory is counted per process).
if (config.workers > 1 && cluster.isPrimary) {
  const { runPrimary } = await import('./cluster.ts');
  runPrimary(config.workers, logger);
} else {
  const [{ workerMetrics }, { createGateway }, { GatewayMetrics }] = await Promise.all([import('./cluster.ts'), import('./create-gateway.ts'), import('./plugins/metrics/index.ts')]);
  const jwt = config.identity.jwt;
  if (config.production && 'secret' in jwt && jwt.secret === 'ucg-dev-jwt-secret') logger.warn('NODE_ENV=production with the development JWT secret; set JWKS_URL (or JWT_SECRET)');
  const metrics = config.metrics ? new GatewayMetrics() : undefined;
  const clusterMetrics = cluster.isWorker && metrics ? workerMetrics(metrics.registry) : undefined;
  const gateway = await createGateway(config, logger, { ...(metrics ? { metrics } : {}), ...(clusterMetrics ? { clusterMetrics } : {}) });
  await gateway.http.listen(envPort('gateway'), config.host);
  onShutdown(logger, () => gateway.http.close());
}
