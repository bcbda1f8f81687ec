import type { CrmRecord, CrmStore } from './crm-store.ts';
import { ALWAYS_RETURNED, DEFAULT_PROPERTIES, type ObjectType, type PropertyCatalog } from './properties.ts';

/** `SimplePublicObject` (with `associations` when asked for), as every CRM v3 read returns it. */
export interface PublicObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  associations?: Record<string, { results: { id: string; type: string }[] }>;
}

/** Object type names HubSpot accepts in paths and `associations` (plural, singular or type id). */
const aliases: Record<string, ObjectType> = {
  contacts: 'contacts', contact: 'contacts', '0-1': 'contacts',
  companies: 'companies', company: 'companies', '0-2': 'companies',
};

export function objectTypeOf(name: string): ObjectType | undefined {
  return aliases[name.toLowerCase()];
}

/** `properties=a,b&properties=c` (SDKs repeat the key, people write commas) → `['a', 'b', 'c']`. */
export function parseList(value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  return [...new Set(parts.map((p) => p.trim()).filter(Boolean))];
}

export class Serializer {
  constructor(
    private readonly catalog: PropertyCatalog,
    private readonly store: CrmStore,
  ) {}

  /**
   * Requested properties that exist come back (`null` when empty), plus the ones HubSpot always
   * returns; unknown names are silently ignored, as HubSpot does.
   */
  object(type: ObjectType, record: CrmRecord, requested?: readonly string[], associations?: readonly string[]): PublicObject {
    const names = requested?.length ? [...new Set([...requested, ...ALWAYS_RETURNED[type]])] : DEFAULT_PROPERTIES[type];
    const properties: Record<string, string | null> = {};
    for (const name of [...names].sort()) {
      if (!this.catalog.get(type, name)) continue;
      properties[name] = this.value(type, record, name);
    }
    const out: PublicObject = { id: record.id, properties, createdAt: record.createdAt, updatedAt: record.updatedAt, archived: record.archived };
    if (record.archivedAt) out.archivedAt = record.archivedAt;
    const assoc = this.associations(type, record, associations);
    if (assoc) out.associations = assoc;
    return out;
  }

  private value(type: ObjectType, record: CrmRecord, name: string): string | null {
    if (type === 'companies' && name === 'num_associated_contacts') return String(this.store.associated('companies', record.id).length);
    return record.properties[name] ?? null;
  }

  /** v3 shows each association twice since labels arrived: once typed primary, once `_unlabeled`. */
  private associations(type: ObjectType, record: CrmRecord, wanted?: readonly string[]): PublicObject['associations'] {
    if (!wanted?.length) return undefined;
    const out: NonNullable<PublicObject['associations']> = {};
    for (const name of wanted) {
      const other = objectTypeOf(name);
      if (!other || other === type) continue;
      const from = type === 'contacts' ? 'contact' : 'company';
      const to = other === 'contacts' ? 'contact' : 'company';
      const results = this.store.associated(type, record.id).flatMap((a) => [
        ...(a.primary ? [{ id: a.id, type: `${from}_to_${to}` }] : []),
        { id: a.id, type: `${from}_to_${to}_unlabeled` },
      ]);
      if (results.length) out[other] = { results };
    }
    return Object.keys(out).length ? out : undefined;
  }
}
