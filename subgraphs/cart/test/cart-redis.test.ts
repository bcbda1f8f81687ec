import { RedisStore } from '@ucg/store';
import { cartSuite } from './cart-suite.ts';

// Real Redis, never a mock: `.ci/run` starts one when nothing answers on 127.0.0.1:6379.
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
cartSuite(`redis (${url})`, () => new RedisStore({ url, keyPrefix: `ucg-test:cart:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}:` }));
