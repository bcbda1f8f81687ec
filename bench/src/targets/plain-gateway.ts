import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { CONTEXT_HEADER, type Identity } from '@ucg/request-context';
import { BENCH_IDENTITY_HEADER, benchIdentity, signedBenchContext } from './bench-identity.ts';

/**
 * (b) Plain `@apollo/gateway` in `@apollo/server`, default settings (its own fetcher, no caches
 * beyond the defaults). The only addition is the hook that signs the subgraph context.
 */
interface Context {
  identity: Identity;
}

const secret = process.env.CONTEXT_SECRET ?? 'ucg-dev-context-secret';

class SigningDataSource extends RemoteGraphQLDataSource<Context> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<Context>['willSendRequest']>>[0]): void {
    request.http!.headers.set(CONTEXT_HEADER, signedBenchContext(context?.identity ?? {}, secret));
  }
}

const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(process.env.BENCH_SUPERGRAPH_PATH!, 'utf8'),
  buildService: ({ url }) => new SigningDataSource({ url: url! }),
});
const server = new ApolloServer<Context>({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env.PORT), host: '127.0.0.1' },
  context: async ({ req }) => ({ identity: benchIdentity(req.headers[BENCH_IDENTITY_HEADER] as string | undefined) }),
});
process.stdout.write(`plain @apollo/gateway listening at ${url}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
