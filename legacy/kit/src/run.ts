import type { FastifyInstance } from 'fastify';
import { createLogger, envPort, onShutdown, type ServiceName } from '@ucg/service-kit';

/** Starts a stand-in on its configured port (see `serviceDefaults`) and stops it cleanly on Ctrl-C. */
export async function runStandIn(service: ServiceName, app: FastifyInstance, description: string): Promise<void> {
  const logger = createLogger(`legacy-${service}`);
  const host = process.env.UCG_HOST ?? '127.0.0.1';
  const url = await app.listen({ port: envPort(service), host });
  logger.info({ url }, `${description} stand-in ready`);
  onShutdown(logger, () => app.close());
}
