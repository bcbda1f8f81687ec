import { MemoryStore } from '@ucg/store';
import { cartSuite } from './cart-suite.ts';

cartSuite('the in-process store', () => new MemoryStore());
