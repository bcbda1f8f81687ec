import { RedisStore } from '@ucg/store';
import { missingRedisTools, startRedisCluster, type RedisClusterHandle } from '@ucg/store/testing';
import { afterAll, describe, it } from 'vitest';
import { outboxSuite } from './outbox-suite.ts';

// A real 3-master cluster: the placing script's keys must share one slot.
const missing = missingRedisTools();
if (missing) {
  describe('OrderOutbox on redis-cluster', () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
} else {
  let cluster: RedisClusterHandle | undefined;
  outboxSuite('redis-cluster (3 masters)', async () => {
    cluster = await startRedisCluster({ masters: 3 });
    return new RedisStore({ clusterNodes: cluster.nodes, keyPrefix: 'ucg-test:' });
  });
  afterAll(async () => {
    await cluster?.stop();
  });
}
