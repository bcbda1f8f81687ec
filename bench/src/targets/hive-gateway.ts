import { createServer, type RequestListener } from 'node:http';
import { CONTEXT_HEADER } from '@ucg/request-context';
import { BENCH_IDENTITY_HEADER, benchIdentity, signedBenchContext } from './bench-identity.ts';

/**
 * (c) Hive Gateway's runtime in a node:http server, as its CLI runs it by default (one process,
 * default plugins). The only addition is the header hook that signs the subgraph context.
 */
interface HiveRuntime {
  createGatewayRuntime(options: {
    supergraph: string;
    logging: string;
    propagateHeaders: { fromClientToSubgraphs: (payload: { request: Request }) => Record<string, string> };
  }): RequestListener & { dispose(): Promise<void> | void };
}

// Loaded by name so that its types (which augment graphql's error extensions) stay out of the
// repository's type-check: they conflict with Apollo Server's.
const hiveModule = '@graphql-hive/gateway';
const { createGatewayRuntime } = (await import(hiveModule)) as HiveRuntime;

const secret = process.env.CONTEXT_SECRET ?? 'ucg-dev-context-secret';
const gateway = createGatewayRuntime({
  supergraph: process.env.BENCH_SUPERGRAPH_PATH!,
  logging: 'error',
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ [CONTEXT_HEADER]: signedBenchContext(benchIdentity(request.headers.get(BENCH_IDENTITY_HEADER)), secret) }),
  },
});
const server = createServer(gateway);
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write(`Hive Gateway listening on ${process.env.PORT}\n`));
process.on('SIGTERM', () => server.close(() => void Promise.resolve(gateway.dispose()).then(() => process.exit(0))));
