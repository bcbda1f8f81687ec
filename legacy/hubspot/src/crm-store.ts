import type { Retailer } from '@ucg/legacy-seed';
import { MODIFIED_PROPERTY, type ObjectType } from './properties.ts';

/** One CRM record as HubSpot keeps it: every property value is a string. */
export interface CrmRecord {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

export type ChangeKind = 'creation' | 'propertyChange' | 'deletion' | 'privacyDeletion';

/** What webhooks are made of. */
export interface ChangeEvent {
  objectType: ObjectType;
  objectId: string;
  kind: ChangeKind;
  propertyName?: string;
  propertyValue?: string;
  occurredAt: number;
  /** `INTEGRATION` for API writes, `CRM_UI` for a user editing the record. */
  changeSource: 'INTEGRATION' | 'CRM_UI';
}

/** A contact ↔ company link; HubSpot keeps one primary company per contact. */
export interface Association {
  contactId: string;
  companyId: string;
  primary: boolean;
}

const numericOrder = (a: CrmRecord, b: CrmRecord) => Number(a.id) - Number(b.id);

/** Deterministic native ids: contacts 51, 54, 57, …; companies a block of ten-digit ids. */
function seedRecords(retailer: Retailer): { contacts: CrmRecord[]; companies: CrmRecord[]; associations: Association[] } {
  const now = Date.parse(retailer.now);
  const companies = retailer.companies.map((c, i): CrmRecord => {
    const id = String(4_100_000_101 + i * 101);
    const created = new Date(now - (1200 - i * 37) * 86_400_000).toISOString();
    return {
      id,
      properties: {
        name: c.name, domain: c.domain, country: c.countryCode, customer_group: c.customerGroup,
        erp_customer_id: c.erpCustomerId, partner_key: c.partnerKey,
        createdate: created, hs_lastmodifieddate: created, hs_object_id: id,
      },
      createdAt: created, updatedAt: created, archived: false,
    };
  });
  const companyIdBySeedId = new Map(retailer.companies.map((c, i) => [c.id, companies[i]!]));
  const associations: Association[] = [];
  const contacts = retailer.people.filter((p) => p.crm).map((p, i): CrmRecord => {
    const id = String(51 + i * 3);
    const company = p.companyId ? companyIdBySeedId.get(p.companyId) : undefined;
    if (company) associations.push({ contactId: id, companyId: company.id, primary: true });
    const properties: Record<string, string> = {
      email: p.email.toLowerCase(), firstname: p.firstName, lastname: p.lastName, phone: p.phone,
      address: p.address.line1, city: p.address.city, zip: p.address.postalCode, country: p.address.countryCode,
      lifecyclestage: 'customer', hs_marketable_status: String(p.acceptsMarketing),
      loyalty_points: String(p.crm!.loyaltyPoints), loyalty_tier: p.crm!.tier.toLowerCase(), store_credit_balance: p.crm!.storeCreditUsd,
      createdate: p.createdAt, lastmodifieddate: p.createdAt, hs_object_id: id,
    };
    if (p.address.province) properties.state = p.address.province;
    if (company) Object.assign(properties, { company: company.properties.name!, associatedcompanyid: company.id });
    return { id, properties, createdAt: p.createdAt, updatedAt: p.createdAt, archived: false };
  });
  return { contacts, companies, associations };
}

/**
 * The portal's records. Mutations report what changed to listeners (the webhook dispatcher),
 * and only real changes: HubSpot sends no `propertyChange` when a value is written unchanged.
 */
export class CrmStore {
  private objects!: Record<ObjectType, Map<string, CrmRecord>>;
  private emailIndex!: Map<string, CrmRecord>;
  private associations!: Association[];
  private nextId!: Record<ObjectType, number>;
  /** GDPR-deleted emails: HubSpot refuses to recreate them. */
  readonly blocklist = new Set<string>();
  private readonly listeners: ((events: ChangeEvent[]) => void)[] = [];

  constructor(private readonly retailer: Retailer) {
    this.reset();
  }

  reset(): void {
    const seeded = seedRecords(structuredClone(this.retailer));
    this.objects = { contacts: new Map(seeded.contacts.map((c) => [c.id, c])), companies: new Map(seeded.companies.map((c) => [c.id, c])) };
    this.emailIndex = new Map(seeded.contacts.map((c) => [c.properties.email!, c]));
    this.associations = seeded.associations;
    const last = (type: ObjectType) => Math.max(0, ...[...this.objects[type].keys()].map(Number));
    this.nextId = { contacts: last('contacts') + 3, companies: last('companies') + 101 };
    this.blocklist.clear();
  }

  onChange(listener: (events: ChangeEvent[]) => void): void {
    this.listeners.push(listener);
  }

  /** Live (or archived) records in id order, which is the order list pages walk. */
  list(type: ObjectType, archived = false): CrmRecord[] {
    return [...this.objects[type].values()].filter((r) => r.archived === archived).sort(numericOrder);
  }

  /** By record id, or by a unique property (`email` for contacts, case-insensitively as HubSpot stores emails lower-cased). */
  find(type: ObjectType, id: string, idProperty?: string, archived = false): CrmRecord | undefined {
    let record: CrmRecord | undefined;
    if (!idProperty || idProperty === 'hs_object_id') record = this.objects[type].get(id);
    else if (type === 'contacts' && idProperty === 'email') record = this.emailIndex.get(id.trim().toLowerCase());
    else record = [...this.objects[type].values()].find((r) => r.properties[idProperty] === id);
    return record && record.archived === archived ? record : undefined;
  }

  create(type: ObjectType, properties: Record<string, string>, source: ChangeEvent['changeSource'] = 'INTEGRATION'): CrmRecord {
    const id = String(this.nextId[type]);
    this.nextId[type] += type === 'contacts' ? 3 : 101;
    const now = new Date().toISOString();
    const record: CrmRecord = {
      id, createdAt: now, updatedAt: now, archived: false,
      properties: { ...nonEmpty(properties), createdate: now, [MODIFIED_PROPERTY[type]]: now, hs_object_id: id },
    };
    this.objects[type].set(id, record);
    if (record.properties.email) this.emailIndex.set(record.properties.email, record);
    this.emit([{ objectType: type, objectId: id, kind: 'creation', occurredAt: Date.now(), changeSource: source }]);
    return record;
  }

  /** Applies the values (an empty string clears a property) and returns the names that really changed. */
  update(type: ObjectType, record: CrmRecord, properties: Record<string, string>, source: ChangeEvent['changeSource'] = 'INTEGRATION'): string[] {
    const changed = Object.entries(properties).filter(([k, v]) => (record.properties[k] ?? '') !== v);
    if (changed.length === 0) return [];
    const now = new Date();
    for (const [k, v] of changed) {
      if (k === 'email') {
        if (record.properties.email) this.emailIndex.delete(record.properties.email);
        if (v) this.emailIndex.set(v, record);
      }
      if (v === '') delete record.properties[k];
      else record.properties[k] = v;
    }
    record.updatedAt = now.toISOString();
    record.properties[MODIFIED_PROPERTY[type]] = record.updatedAt;
    this.emit(changed.map(([k, v]) => ({ objectType: type, objectId: record.id, kind: 'propertyChange', propertyName: k, propertyValue: v, occurredAt: now.getTime(), changeSource: source })));
    return changed.map(([k]) => k);
  }

  /** `DELETE` archives (restorable for 90 days in HubSpot); archived records leave the email index. */
  archive(type: ObjectType, record: CrmRecord): void {
    if (record.archived) return;
    record.archived = true;
    record.archivedAt = new Date().toISOString();
    if (record.properties.email) this.emailIndex.delete(record.properties.email);
    this.emit([{ objectType: type, objectId: record.id, kind: 'deletion', occurredAt: Date.now(), changeSource: 'INTEGRATION' }]);
  }

  /** Permanently removes a contact and its associations, and blocklists the email. */
  gdprDelete(email: string | undefined, record: CrmRecord | undefined): void {
    if (email) this.blocklist.add(email.toLowerCase());
    if (!record) return;
    if (record.properties.email) {
      this.blocklist.add(record.properties.email);
      this.emailIndex.delete(record.properties.email);
    }
    this.objects.contacts.delete(record.id);
    this.associations = this.associations.filter((a) => a.contactId !== record.id);
    this.emit([{ objectType: 'contacts', objectId: record.id, kind: 'privacyDeletion', occurredAt: Date.now(), changeSource: 'INTEGRATION' }]);
  }

  /** The other side of each association of a record, primary first. */
  associated(type: ObjectType, id: string): { id: string; primary: boolean }[] {
    const links = type === 'contacts'
      ? this.associations.filter((a) => a.contactId === id).map((a) => ({ id: a.companyId, primary: a.primary }))
      : this.associations.filter((a) => a.companyId === id).map((a) => ({ id: a.contactId, primary: a.primary }));
    const live = links.filter((l) => this.objects[type === 'contacts' ? 'companies' : 'contacts'].get(l.id)?.archived === false);
    return live.sort((a, b) => Number(b.primary) - Number(a.primary) || Number(a.id) - Number(b.id));
  }

  private emit(events: ChangeEvent[]): void {
    for (const listener of this.listeners) listener(events);
  }
}

function nonEmpty(properties: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== ''));
}
