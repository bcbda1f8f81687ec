import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../context.ts';
import { ErrorCode, gatewayError } from '../../errors.ts';
import { refuseRequest } from '../refuse.ts';
import type { PersistedOperation } from './manifest.ts';
import type { PersistedOperationsOptions } from './options.ts';

export type { PersistedOperationsOptions } from './options.ts';
export { loadManifests, ManifestError, type PersistedOperation } from './manifest.ts';
export { StoreKeyValueCache } from './apq-cache.ts';

export interface PersistedOperationsRuntime {
  /** Manifests by client name, then operations by id. */
  manifests: Map<string, Map<string, PersistedOperation>>;
  /** Counts lookups answered from a manifest (APQ cache lookups are counted by the cache). */
  onManifestHit?: () => void;
}

/**
 * Persisted operations. Safelisted kinds (partners) run manifest operations only, by id
 * (`extensions.persistedQuery.sha256Hash`); anything else is `PERSISTED_QUERY_NOT_ALLOWED`. Other
 * callers use Automatic Persisted Queries (Apollo Server's, with the cache in the shared Store);
 * a manifest id from them is answered from the manifest without touching the cache.
 */
export function persistedOperationsPlugin(options: PersistedOperationsOptions, runtime: PersistedOperationsRuntime): ApolloServerPlugin<GatewayContext> {
  const everyOperation = new Map<string, PersistedOperation>();
  for (const ops of runtime.manifests.values()) for (const [id, op] of ops) everyOperation.set(id, op);
  const allowedByKind = new Map(
    options.safelistKinds.map((kind) => {
      const names = options.manifestsByKind[kind] ?? [...runtime.manifests.keys()];
      const ops = new Map<string, PersistedOperation>();
      for (const name of names) for (const [id, op] of runtime.manifests.get(name) ?? []) ops.set(id, op);
      return [kind, ops] as const;
    }),
  );

  return {
    async requestDidStart({ request, contextValue }) {
      const extensions = request.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
      const hash = extensions?.persistedQuery?.sha256Hash;
      const allowed = contextValue.warmup ? undefined : allowedByKind.get(contextValue.clientKind);
      if (allowed) {
        if (typeof hash !== 'string') {
          return refuseRequest(request, gatewayError(ErrorCode.PERSISTED_QUERY_NOT_ALLOWED, `${contextValue.clientKind} callers may run persisted operations only, by id (extensions.persistedQuery.sha256Hash)`, { status: 400 }));
        }
        const op = allowed.get(hash);
        if (!op) return refuseRequest(request, gatewayError(ErrorCode.PERSISTED_QUERY_NOT_FOUND, 'no persisted operation has this id', { status: 400 }));
        if (request.query !== undefined && request.query !== op.body) {
          return refuseRequest(request, gatewayError(ErrorCode.PERSISTED_QUERY_NOT_ALLOWED, 'the query text differs from the persisted operation with this id', { status: 400 }));
        }
        request.query = op.body;
        delete extensions!.persistedQuery;
        runtime.onManifestHit?.();
        return undefined;
      }
      if (typeof hash === 'string' && request.query === undefined) {
        const op = everyOperation.get(hash);
        if (op) {
          request.query = op.body;
          delete extensions!.persistedQuery;
          runtime.onManifestHit?.();
        }
      }
      return undefined;
    },
  };
}
