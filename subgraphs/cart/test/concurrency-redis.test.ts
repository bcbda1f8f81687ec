import { RedisStore } from '@ucg/store';
import { concurrencySuite } from './concurrency-suite.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
concurrencySuite(`redis (${url})`, () => new RedisStore({ url, keyPrefix: `ucg-test:cart:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}:` }));
