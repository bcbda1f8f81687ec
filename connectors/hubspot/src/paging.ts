import { ConnectorError } from '@ucg/connector-core';
import type { HubSpotClient } from './client.ts';
import type { HubSpotObject } from './map/contact.ts';

export type CrmObjectType = 'contacts' | 'companies';

/** HubSpot's batch endpoints take at most 100 inputs. */
export const BATCH_LIMIT = 100;

interface Page<T> {
  results: T[];
  paging?: { next?: { after: string; link?: string } };
}

/** One HubSpot search filter. */
export interface HubSpotFilter {
  propertyName: string;
  operator: 'EQ' | 'NEQ' | 'LT' | 'LTE' | 'GT' | 'GTE' | 'BETWEEN' | 'IN' | 'NOT_IN' | 'HAS_PROPERTY' | 'NOT_HAS_PROPERTY' | 'CONTAINS_TOKEN' | 'NOT_CONTAINS_TOKEN';
  value?: string;
  values?: string[];
  highValue?: string;
}

/** A cursor that does not move would loop forever: treat it as a broken answer. */
function stuck(path: string, after: string): ConnectorError {
  return new ConnectorError('UPSTREAM_BAD_RESPONSE', 'crm', `${path} returned the same paging cursor twice (${after})`);
}

/** Every record of a list endpoint, following `paging.next.after` to the last page. */
export async function listAll(client: HubSpotClient, type: CrmObjectType, properties: readonly string[], associations: readonly string[] = []): Promise<HubSpotObject[]> {
  const path = `/crm/v3/objects/${type}`;
  const all: HubSpotObject[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await client.json<Page<HubSpotObject>>({
      path,
      query: { limit: client.config.pageSize, after, properties: properties.join(','), ...(associations.length ? { associations: associations.join(',') } : {}) },
    });
    all.push(...page.results);
    const next = page.paging?.next?.after;
    if (!next) return all;
    if (next === after) throw stuck(path, next);
    after = next;
  }
}

/** `batch/read` in chunks of 100, one chunk at a time (the rate limit is shared). Missing inputs are simply absent. */
export async function batchRead(client: HubSpotClient, type: CrmObjectType, ids: readonly string[], properties: readonly string[], idProperty?: string): Promise<HubSpotObject[]> {
  const found: HubSpotObject[] = [];
  for (let i = 0; i < ids.length; i += BATCH_LIMIT) {
    // 207 Multi-Status lists the inputs that were not found in `errors`; the rest are in `results`.
    const answer = await client.json<{ results: HubSpotObject[] }>({
      method: 'POST',
      path: `/crm/v3/objects/${type}/batch/read`,
      body: { ...(idProperty ? { idProperty } : {}), properties, inputs: ids.slice(i, i + BATCH_LIMIT).map((id) => ({ id })) },
      idempotent: true,
    });
    found.push(...answer.results);
  }
  return found;
}

/**
 * Every match of a search. Search never pages past `searchMaxResults` (HubSpot: 10,000; the
 * cursor is still offered and then refused with a 400), so results are ordered by record id and,
 * before the cap, the query restarts from the last id seen (`hs_object_id GT last`).
 */
export async function searchAll(client: HubSpotClient, type: CrmObjectType, filters: readonly HubSpotFilter[], properties: readonly string[]): Promise<HubSpotObject[]> {
  const path = `/crm/v3/objects/${type}/search`;
  const { searchPageSize, searchMaxResults } = client.config;
  const all: HubSpotObject[] = [];
  let offset = 0;
  /** Set once the cap is near: the restarted query only sees records after this id. */
  let floor: string | undefined;
  for (;;) {
    const group = floor === undefined ? [...filters] : [...filters, { propertyName: 'hs_object_id', operator: 'GT' as const, value: floor }];
    const page = await client.search<Page<HubSpotObject>>(path, {
      filterGroups: group.length ? [{ filters: group }] : [],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties,
      limit: Math.min(searchPageSize, searchMaxResults - offset),
      ...(offset ? { after: String(offset) } : {}),
    });
    all.push(...page.results);
    const next = page.paging?.next?.after;
    if (!next || page.results.length === 0) return all;
    const nextOffset = Number(next);
    if (nextOffset >= searchMaxResults) {
      const last = page.results.at(-1)!.id;
      if (last === floor) throw stuck(path, last);
      floor = last;
      offset = 0;
    } else {
      if (!(nextOffset > offset)) throw stuck(path, next);
      offset = nextOffset;
    }
  }
}
