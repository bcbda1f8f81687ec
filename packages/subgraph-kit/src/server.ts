import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { DocumentNode } from 'graphql';
import { CONTEXT_HEADER, verifyContext, type RequestContext } from '@ucg/request-context';
import { apolloHandler, createHttpService, envPort, onShutdown, sendJson, type HttpService, type Logger, type Route, type ServiceName } from '@ucg/service-kit';
import { z } from 'zod';
import { formatSubgraphError } from './errors.ts';
import { scalarResolvers } from './scalars.ts';

/** What every resolver sees: the verified shopper context and a logger bound to the request. */
export interface SubgraphContext {
  request: RequestContext;
  logger: Logger;
}

export const subgraphEnvSchema = z.object({
  /** Shared with the gateway; signs the request-context header. */
  CONTEXT_SECRET: z.string().min(16).default('ucg-dev-context-secret'),
  NODE_ENV: z.string().default('development'),
  UCG_HOST: z.string().default('127.0.0.1'),
});

export interface SubgraphServerOptions<C extends SubgraphContext> {
  name: Extract<ServiceName, 'catalog' | 'inventory' | 'customers' | 'orders' | 'cart'>;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<C>;
  contextSecret: string;
  logger: Logger;
  /** Builds the per-request context (DataLoaders live here, one set per request). */
  createContext: (base: SubgraphContext, req: IncomingMessage) => C | Promise<C>;
  /** Extra HTTP routes, e.g. webhook receivers. */
  routes?: Route[];
  production?: boolean;
  /** Runs after the HTTP server has stopped (close connectors, stores). */
  onClose?: () => Promise<void>;
  /** Extra Apollo Server plugins, e.g. one that reports partial failures beside the data. */
  plugins?: ApolloServerPlugin<C>[];
}

export interface SubgraphServer {
  apollo: ApolloServer<SubgraphContext>;
  http: HttpService;
}

/** One subgraph process: Apollo Server with the federation schema, `/graphql`, `/health` and extra routes. */
export async function createSubgraphServer<C extends SubgraphContext>(options: SubgraphServerOptions<C>): Promise<SubgraphServer> {
  const { logger } = options;
  const production = options.production ?? false;
  const schema = buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: { ...scalarResolvers, ...options.resolvers } as unknown as GraphQLResolverMap<unknown> }]);
  const apollo = new ApolloServer<C>({
    schema,
    includeStacktraceInErrorResponses: !production,
    formatError: (formatted, error) => formatSubgraphError(formatted, error, production),
    plugins: [...(production ? [ApolloServerPluginLandingPageDisabled()] : []), ...(options.plugins ?? [])],
    logger,
  });
  await apollo.start();

  const graphql = apolloHandler(apollo, {
    context: async (req) => {
      const outcome = verifyContext(req.headers[CONTEXT_HEADER], options.contextSecret);
      const child = logger.child({ requestId: outcome.context.requestId });
      if (!outcome.valid && outcome.reason !== 'missing') child.warn({ reason: outcome.reason }, 'untrusted request context; answering as anonymous');
      return options.createContext({ request: outcome.context, logger: child }, req);
    },
  });
  const http = createHttpService({
    name: `${options.name} subgraph`,
    logger,
    routes: [
      { path: '/graphql', handler: graphql },
      { method: 'GET', path: '/health', handler: (_req, res) => sendJson(res, 200, { status: 'ok', subgraph: options.name }) },
      ...(options.routes ?? []),
    ],
    onClose: async () => {
      await apollo.stop();
      await options.onClose?.();
    },
  });
  return { apollo: apollo as unknown as ApolloServer<SubgraphContext>, http };
}

/** Listens on the subgraph's configured port and stops cleanly on Ctrl-C. */
export async function runSubgraph(name: ServiceName, server: SubgraphServer, logger: Logger, host = process.env.UCG_HOST ?? '127.0.0.1'): Promise<string> {
  const url = await server.http.listen(envPort(name), host);
  onShutdown(logger, () => server.http.close());
  return url;
}
