import { RedisStore } from '@ucg/store';
import { ledgerSuite } from './ledger-suite.ts';

// Real Redis, never a mock: `.ci/run` starts one when nothing answers on 127.0.0.1:6379.
const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const open = () => new RedisStore({ url, keyPrefix: 'ucg-test:' });
ledgerSuite(`redis (${url})`, { open, another: open });
