import { customerIdForEmail } from '@ucg/request-context';
import type { Store } from '@ucg/store';

/**
 * The graph's own personal data (carts, orders placed through the graph, reservations) lives in the
 * Store, written by other subgraphs. They join access and erasure requests through one index per
 * person, so this subgraph never needs to know their key layouts:
 *
 *   `privacy:{<customerId>}:records`   hash; field = the Store key of a record about the person,
 *                                       value = JSON `PersonalRecordRef`
 *
 * `customerId` is `customerIdForEmail(email)` (no e-mail in any key). A subgraph that stores
 * something about a signed-in person adds one field (`HSET`) when it creates the record; export
 * reads every registered key, erasure deletes those marked `delete` and reports the others as
 * retained. Subgraphs may not import one another, so the layout lives here, shared by the writers
 * (cart, orders) and the reader (customers).
 */
/** Every registered record of a person that still exists, as stored. */
export interface PersonRecords {
  recordCount: number;
  records: unknown[];
}

/** What erasure did with the graph's own records. */
export interface GraphErasureResult {
  status: 'ERASED' | 'NOT_FOUND' | 'RETAINED';
  detail?: string;
}

export interface PersonalRecordRef {
  /** The subgraph that owns the record ("cart", "orders"). */
  owner: string;
  /** What it is ("cart", "order", "reservation"). */
  kind: string;
  /** How the record is stored: a string value (JSON) or a hash. */
  type: 'string' | 'hash';
  /** What erasure does: delete the key, or keep it (say why in `retainReason`). */
  onErase: 'delete' | 'retain';
  retainReason?: string;
}

export function personalRecordsKey(email: string): string {
  return `privacy:{${customerIdForEmail(email)}}:records`;
}

/** Adds a record to the person's index (idempotent: the same key again only updates its description). */
export async function registerPersonalRecord(store: Store, email: string, key: string, ref: PersonalRecordRef): Promise<void> {
  await store.hset(personalRecordsKey(email), { [key]: JSON.stringify(ref) });
}

export async function unregisterPersonalRecord(store: Store, email: string, key: string): Promise<void> {
  await store.hdel(personalRecordsKey(email), [key]);
}

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

async function registered(store: Store, email: string): Promise<[string, PersonalRecordRef][]> {
  const index = await store.hgetall(personalRecordsKey(email));
  return Object.entries(index).map(([key, raw]) => [key, JSON.parse(raw) as PersonalRecordRef]);
}

/** Every registered record that still exists, as stored; index entries of expired records are dropped. */
export async function exportGraphRecords(store: Store, email: string): Promise<PersonRecords> {
  const records: unknown[] = [];
  const gone: string[] = [];
  for (const [key, ref] of await registered(store, email)) {
    const value = ref.type === 'hash' ? await store.hgetall(key) : await store.get(key);
    const missing = value === null || (typeof value === 'object' && Object.keys(value).length === 0);
    if (missing) {
      gone.push(key);
      continue;
    }
    const data = typeof value === 'string' ? parseValue(value) : Object.fromEntries(Object.entries(value).map(([f, v]) => [f, parseValue(v)]));
    records.push({ owner: ref.owner, kind: ref.kind, key, data });
  }
  if (gone.length) await store.hdel(personalRecordsKey(email), gone);
  return { recordCount: records.length, records };
}

/** Deletes what may be deleted; what another subgraph must keep is reported RETAINED with its reason. */
export async function eraseGraphRecords(store: Store, email: string): Promise<GraphErasureResult> {
  const entries = await registered(store, email);
  if (entries.length === 0) return { status: 'NOT_FOUND' };
  const deletable = entries.filter(([, ref]) => ref.onErase === 'delete').map(([key]) => key);
  const retained = entries.filter(([, ref]) => ref.onErase === 'retain');
  if (deletable.length) {
    await store.del(deletable);
    await store.hdel(personalRecordsKey(email), deletable);
  }
  if (retained.length === 0) return { status: 'ERASED', detail: `${deletable.length} graph record(s) deleted` };
  const reasons = [...new Set(retained.map(([, ref]) => `${ref.owner} keeps ${ref.kind}: ${ref.retainReason ?? 'no reason given'}`))];
  return { status: 'RETAINED', detail: `${deletable.length} graph record(s) deleted; ${retained.length} retained (${reasons.join('; ')})` };
}
