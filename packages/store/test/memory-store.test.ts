import { MemoryStore } from '../src/index.ts';
import { storeContract } from '../src/testing/index.ts';

storeContract('in-process', () => new MemoryStore());
