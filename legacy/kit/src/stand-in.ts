import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { installSandbox, type SandboxOptions, type SandboxState } from './sandbox.ts';

export interface StandIn {
  app: FastifyInstance;
  sandbox: SandboxState;
}

export interface StandInOptions extends SandboxOptions {
  /** Vendor name, for logs. */
  name: string;
  fastify?: FastifyServerOptions;
}

/** A Fastify app with the sandbox controls every stand-in shares; the vendor's routes are added by the caller. */
export function createStandIn(options: StandInOptions): StandIn {
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024, ...options.fastify });
  const sandbox = installSandbox(app, options);
  return { app, sandbox };
}
