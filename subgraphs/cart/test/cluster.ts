import { afterAll, describe, it } from 'vitest';
import { RedisStore, type Store } from '@ucg/store';
import { missingRedisTools, startRedisCluster, type RedisClusterHandle } from '@ucg/store/testing';

/**
 * Runs `suite` against a real 3-master Redis Cluster of child processes (every key a script
 * touches must share one slot), or skips it where redis-server is not installed.
 */
export function onRedisCluster(name: string, suite: (name: string, open: () => Promise<Store>) => void): void {
  const missing = missingRedisTools();
  if (missing) {
    describe(`${name} on redis-cluster`, () => {
      it.skip(`skipped: ${missing}`, () => {});
    });
    return;
  }
  let cluster: RedisClusterHandle | undefined;
  suite('redis-cluster (3 masters)', async () => {
    cluster = await startRedisCluster({ masters: 3 });
    return new RedisStore({ clusterNodes: cluster.nodes, keyPrefix: 'ucg-test:' });
  });
  afterAll(async () => {
    await cluster?.stop();
  });
}
