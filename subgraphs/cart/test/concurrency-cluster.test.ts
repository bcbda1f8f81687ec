import { onRedisCluster } from './cluster.ts';
import { concurrencySuite } from './concurrency-suite.ts';

onRedisCluster('concurrent cartLinesAdd', concurrencySuite);
