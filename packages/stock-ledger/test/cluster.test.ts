import { RedisStore } from '@ucg/store';
import { missingRedisTools, startRedisCluster, type RedisClusterHandle } from '@ucg/store/testing';
import { afterAll, describe, it } from 'vitest';
import { ledgerSuite } from './ledger-suite.ts';

// A real 3-master cluster of child processes: every SKU's script keys must share one slot.
const missing = missingRedisTools();
if (missing) {
  describe('StockLedger on redis-cluster', () => {
    it.skip(`skipped: ${missing}`, () => {});
  });
} else {
  let cluster: RedisClusterHandle | undefined;
  const open = () => new RedisStore({ clusterNodes: cluster!.nodes, keyPrefix: 'ucg-test:' });
  ledgerSuite('redis-cluster (3 masters)', {
    open: async () => {
      cluster = await startRedisCluster({ masters: 3 });
      return open();
    },
    another: open,
  });
  afterAll(async () => {
    await cluster?.stop();
  });
}
