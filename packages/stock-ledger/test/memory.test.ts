import { MemoryStore } from '@ucg/store';
import { ledgerSuite } from './ledger-suite.ts';

// One process: a second "process" shares the same in-process store.
ledgerSuite('the in-process store', { open: () => new MemoryStore(), another: (first) => first });
