import type { Store } from '@ucg/store';
import type { CustomerSystems } from '../connectors.ts';
import { eraseGraphRecords, exportGraphRecords } from './graph-records.ts';
import type { PersonLookup } from './person.ts';
import type { PersonRecords, PrivacySystemId, SystemErasureResult } from './types.ts';

/** One system as access and erasure requests see it. */
export interface PrivacySystem {
  id: PrivacySystemId;
  exportPerson(person: PersonLookup): Promise<PersonRecords>;
  erasePerson(person: PersonLookup): Promise<SystemErasureResult>;
}

/**
 * Every system that may hold personal data. The selling systems erase only once the person's order
 * numbers are known (the EU warehouse needs them, and erasure detaches orders from the e-mail).
 */
export function privacySystems(systems: CustomerSystems, store: Store): PrivacySystem[] {
  return [
    { id: 'crm', exportPerson: (p) => systems.crm.exportPerson(p.email), erasePerson: (p) => systems.crm.erasePerson(p.email) },
    {
      id: 'webstore',
      exportPerson: (p) => systems.webstore.exportPerson(p.email),
      erasePerson: async (p) => {
        await p.referencesSettled();
        return systems.webstore.erasePerson(p.email);
      },
    },
    {
      id: 'marketplace',
      exportPerson: (p) => systems.marketplace.exportPerson(p.email),
      erasePerson: async (p) => {
        await p.referencesSettled();
        return systems.marketplace.erasePerson(p.email);
      },
    },
    { id: 'erp', exportPerson: (p) => systems.erp.exportPerson(p.email), erasePerson: (p) => systems.erp.erasePerson(p.email) },
    { id: '3pl-us', exportPerson: (p) => systems.us3pl.exportPerson(p.email), erasePerson: (p) => systems.us3pl.erasePerson(p.email) },
    {
      id: '3pl-eu',
      exportPerson: async (p) => systems.eu3pl.exportPerson(p.email, await p.orderReferences()),
      erasePerson: async (p) => systems.eu3pl.erasePerson(p.email, await p.orderReferences()),
    },
    { id: 'graph', exportPerson: (p) => exportGraphRecords(store, p.email), erasePerson: (p) => eraseGraphRecords(store, p.email) },
  ];
}
