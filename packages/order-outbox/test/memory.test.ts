import { MemoryStore } from '@ucg/store';
import { outboxSuite } from './outbox-suite.ts';

outboxSuite('the in-process store', () => new MemoryStore());
