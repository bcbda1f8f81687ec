import { checkoutSuite } from './checkout-suite.ts';
import { onRedisCluster } from './cluster.ts';

onRedisCluster('checkout', checkoutSuite);
