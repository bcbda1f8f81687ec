/** Test support: the store contract suite and a disposable Redis Cluster. Not for production imports (it pulls in vitest). */
export { storeContract, takeIfAvailable } from '../contract.ts';
export { startRedisCluster, missingRedisTools, type RedisClusterHandle } from './redis-cluster.ts';
