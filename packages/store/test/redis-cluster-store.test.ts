import { afterAll, describe, it } from 'vitest';
import { RedisStore } from '../src/index.ts';
import { storeContract } from '../src/testing/index.ts';
import { missingRedisTools, startRedisCluster, type RedisClusterHandle } from '../src/testing/redis-cluster.ts';

// A real 3-master cluster of child processes, so every key layout and command is proven cluster-safe.
const missing = missingRedisTools();
if (missing) {
  describe('Store contract: redis-cluster', () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
} else {
  let cluster: RedisClusterHandle | undefined;
  storeContract('redis-cluster (3 masters)', async () => {
    cluster = await startRedisCluster({ masters: 3 });
    return new RedisStore({ clusterNodes: cluster.nodes, keyPrefix: 'ucg-test:' });
  });
  afterAll(async () => {
    await cluster?.stop();
  });
}
