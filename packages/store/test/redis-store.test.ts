import { RedisStore } from '../src/index.ts';
import { storeContract } from '../src/testing/index.ts';

// Real Redis, never a mock: `.ci/run` starts one when nothing answers on 127.0.0.1:6379.
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
storeContract(`redis (${url})`, () => new RedisStore({ url, keyPrefix: 'ucg-test:' }));
