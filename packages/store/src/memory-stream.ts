import { StoreError } from './errors.ts';
import type { ClaimedStreamEntry, StreamEntry, StreamPendingSummary } from './store.ts';

interface StreamId {
  ms: number;
  seq: number;
}

interface Entry {
  id: StreamId;
  text: string;
  fields: Record<string, string>;
}

interface Pending {
  consumer: string;
  deliveredAt: number;
  deliveries: number;
}

interface Group {
  lastDelivered: StreamId;
  /** The pending entries list, keyed by entry id text. */
  pending: Map<string, Pending>;
}

const MAX = Number.MAX_SAFE_INTEGER;

function compare(a: StreamId, b: StreamId): number {
  return a.ms - b.ms || a.seq - b.seq;
}

/** Parses `ms-seq`, `ms` (the first or last id of that millisecond) and the `-`/`+` ends, as Redis does. */
export function parseStreamId(raw: string, edge: 'start' | 'end' = 'start'): StreamId {
  if (raw === '-') return { ms: 0, seq: 0 };
  if (raw === '+') return { ms: MAX, seq: MAX };
  const match = /^(\d+)(?:-(\d+))?$/.exec(raw);
  if (!match) throw new StoreError('STORE_INVALID_ARGUMENT', `invalid stream id ${JSON.stringify(raw)}`);
  const ms = Number(match[1]);
  const seq = match[2] !== undefined ? Number(match[2]) : edge === 'start' ? 0 : MAX;
  return { ms, seq };
}

function noGroup(group: string): StoreError {
  return new StoreError('STORE_NO_GROUP', `no such stream or consumer group ${group}`);
}

/**
 * One stream with its consumer groups, for the in-process store. Same semantics as Redis: ids grow
 * even when entries are deleted or trimmed; a delivered entry stays pending until acked; trimming and
 * deleting never touch the pending lists (a claim then finds the entry gone and drops it).
 */
export class MemoryStream {
  private readonly entries: Entry[] = [];
  private readonly byId = new Map<string, Entry>();
  private last: StreamId = { ms: 0, seq: 0 };
  private readonly groups = new Map<string, Group>();

  add(fields: Record<string, string>, now: number, maxLen?: number): string {
    const ms = Math.max(now, this.last.ms);
    const id = ms === this.last.ms ? { ms, seq: this.last.seq + 1 } : { ms, seq: 0 };
    const entry: Entry = { id, text: `${id.ms}-${id.seq}`, fields: { ...fields } };
    this.last = id;
    this.entries.push(entry);
    this.byId.set(entry.text, entry);
    if (maxLen !== undefined) {
      while (this.entries.length > maxLen) this.byId.delete(this.entries.shift()!.text);
    }
    return entry.text;
  }

  get length(): number {
    return this.entries.length;
  }

  range(start: string, end: string, count?: number): StreamEntry[] {
    const from = parseStreamId(start, 'start');
    const to = parseStreamId(end, 'end');
    const hits = this.entries.filter((e) => compare(e.id, from) >= 0 && compare(e.id, to) <= 0);
    return (count === undefined ? hits : hits.slice(0, count)).map(copy);
  }

  delete(ids: readonly string[]): number {
    let removed = 0;
    for (const raw of ids) {
      const text = format(parseStreamId(raw));
      const entry = this.byId.get(text);
      if (!entry) continue;
      this.byId.delete(text);
      this.entries.splice(this.entries.indexOf(entry), 1);
      removed++;
    }
    return removed;
  }

  createGroup(name: string, fromStart: boolean): boolean {
    if (this.groups.has(name)) return false;
    this.groups.set(name, { lastDelivered: fromStart ? { ms: 0, seq: 0 } : this.last, pending: new Map() });
    return true;
  }

  readGroup(name: string, consumer: string, now: number, count?: number): StreamEntry[] {
    const group = this.group(name);
    const fresh = this.entries.filter((e) => compare(e.id, group.lastDelivered) > 0);
    const delivered = count === undefined ? fresh : fresh.slice(0, count);
    for (const entry of delivered) {
      group.pending.set(entry.text, { consumer, deliveredAt: now, deliveries: 1 });
      group.lastDelivered = entry.id;
    }
    return delivered.map(copy);
  }

  ack(name: string, ids: readonly string[]): number {
    const group = this.groups.get(name);
    if (!group) return 0;
    let acked = 0;
    for (const raw of ids) if (group.pending.delete(format(parseStreamId(raw)))) acked++;
    return acked;
  }

  autoClaim(name: string, consumer: string, minIdleMs: number, now: number, count: number): ClaimedStreamEntry[] {
    const group = this.group(name);
    const claimed: ClaimedStreamEntry[] = [];
    const oldestFirst = [...group.pending.keys()].sort((a, b) => compare(parseStreamId(a), parseStreamId(b)));
    for (const text of oldestFirst) {
      if (claimed.length >= count) break;
      const pending = group.pending.get(text)!;
      if (now - pending.deliveredAt < minIdleMs) continue;
      const entry = this.byId.get(text);
      if (!entry) {
        group.pending.delete(text);
        continue;
      }
      pending.consumer = consumer;
      pending.deliveredAt = now;
      pending.deliveries++;
      claimed.push({ ...copy(entry), deliveries: pending.deliveries });
    }
    return claimed;
  }

  pendingSummary(name: string): StreamPendingSummary {
    const group = this.group(name);
    const ids = [...group.pending.keys()].sort((a, b) => compare(parseStreamId(a), parseStreamId(b)));
    const consumers: Record<string, number> = {};
    for (const { consumer } of group.pending.values()) consumers[consumer] = (consumers[consumer] ?? 0) + 1;
    return { count: ids.length, smallestId: ids[0] ?? null, largestId: ids.at(-1) ?? null, consumers };
  }

  private group(name: string): Group {
    const group = this.groups.get(name);
    if (!group) throw noGroup(name);
    return group;
  }
}

function format(id: StreamId): string {
  return `${id.ms}-${id.seq}`;
}

function copy(entry: Entry): StreamEntry {
  return { id: entry.text, fields: { ...entry.fields } };
}

/** What a store answers for a stream key that holds nothing: reads see an empty stream, groups do not exist. */
export function missingStreamGroup(group: string): StoreError {
  return noGroup(group);
}
