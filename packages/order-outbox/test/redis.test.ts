import { RedisStore } from '@ucg/store';
import { outboxSuite } from './outbox-suite.ts';

// Real Redis, never a mock: `.ci/run` starts one when nothing answers on 127.0.0.1:6379.
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
outboxSuite(`redis (${url})`, () => new RedisStore({ url, keyPrefix: 'ucg-test:' }));
