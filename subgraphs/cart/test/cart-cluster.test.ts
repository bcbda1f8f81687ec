import { onRedisCluster } from './cluster.ts';
import { cartSuite } from './cart-suite.ts';

onRedisCluster('cart lines', cartSuite);
