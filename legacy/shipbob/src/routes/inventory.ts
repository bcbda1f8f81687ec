import type { FastifyInstance, FastifyReply } from 'fastify';
import type { InventoryItem } from '../model.ts';
import { V, bool, encodedCommaIn, int32, list, notFound, type Query, type RouteContext } from '../context.ts';
import { cursorPage, decodeCursor } from '../paging.ts';
import { problem } from '../replies.ts';
import { inventoryByLocationView, inventoryLevelView } from '../views.ts';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 250;

interface InventoryQuery {
  SearchBy?: string;
  InventoryIds?: string;
  IsActive?: string;
  IsDigital?: string;
  SortBy?: string;
  LocationId?: string;
  LocationType?: string;
}

/** Resolves the query (or the query frozen in a `Cursor`) into offset, size and filters. */
function readListing(q: Query, rawUrl: string): { query: InventoryQuery; offset: number; size: number } | string {
  if (q.Cursor) {
    const state = decodeCursor<{ q: InventoryQuery; o: number; s: number }>(q.Cursor);
    return state && Number.isInteger(state.o) && Number.isInteger(state.s) ? { query: state.q, offset: state.o, size: state.s } : 'The cursor is invalid or has expired.';
  }
  const size = q.PageSize === undefined ? DEFAULT_PAGE_SIZE : int32(q.PageSize);
  if (size === undefined || size < 1 || size > MAX_PAGE_SIZE) return `PageSize must be between 1 and ${MAX_PAGE_SIZE}.`;
  if (q.InventoryIds !== undefined && (encodedCommaIn(rawUrl, 'InventoryIds') || list(q.InventoryIds).some((id) => int32(id) === undefined))) return `The value '${q.InventoryIds}' is not valid for InventoryIds.`;
  const { SearchBy, InventoryIds, IsActive, IsDigital, SortBy, LocationId, LocationType } = q;
  const query = Object.fromEntries(Object.entries({ SearchBy, InventoryIds, IsActive, IsDigital, SortBy, LocationId, LocationType }).filter(([, v]) => v !== undefined)) as InventoryQuery;
  return { query, offset: 0, size };
}

function matches(item: InventoryItem, query: InventoryQuery): boolean {
  if (query.InventoryIds !== undefined && !list(query.InventoryIds).map(Number).includes(item.id)) return false;
  if (bool(query.IsActive) !== undefined && bool(query.IsActive) !== item.active) return false;
  if (bool(query.IsDigital) === true) return false;
  if (query.SearchBy) {
    // Inventory id: exact; name and SKU: consecutive characters, case-insensitive (ShipBob's documented search).
    const term = query.SearchBy.toLowerCase();
    if (String(item.id) !== term && !item.sku.toLowerCase().includes(term) && !item.name.toLowerCase().includes(term)) return false;
  }
  return true;
}

/** `SortBy=field,-other`: ascending unless prefixed with '-'. */
function sortViews<T extends Record<string, unknown>>(views: T[], sortBy: string | undefined): T[] {
  if (!sortBy) return views;
  const keys = list(sortBy).map((k) => (k.startsWith('-') ? { key: k.slice(1), dir: -1 } : { key: k, dir: 1 }));
  return [...views].sort((a, b) => {
    for (const { key, dir } of keys) {
      const x = a[key] as string | number;
      const y = b[key] as string | number;
      if (x !== y) return (x < y ? -1 : 1) * dir;
    }
    return 0;
  });
}

export function registerInventoryRoutes(app: FastifyInstance, ctx: RouteContext): void {
  function listing(path: string, byLocation: boolean) {
    return async (request: { query: unknown; url: string }, reply: FastifyReply) => {
      const listingOrError = readListing(request.query as Query, request.url);
      if (typeof listingOrError === 'string') return problem(reply, 400, 'Bad Request', listingOrError);
      const { query, offset, size } = listingOrError;
      const account = ctx.live.account;
      const locationId = query.LocationId === undefined ? undefined : int32(query.LocationId);
      if (query.LocationId !== undefined && locationId === undefined) return problem(reply, 400, 'Bad Request', `The value '${query.LocationId}' is not valid for LocationId.`);
      let items = account.inventory.filter((i) => matches(i, query));
      if (byLocation && locationId !== undefined) items = items.filter((i) => account.levelsOf(i.id).some(([id]) => id === locationId));
      const render = (i: InventoryItem) => (byLocation ? inventoryByLocationView(account, i, locationId) : inventoryLevelView(account, i));
      if (query.SortBy) {
        const sorted = sortViews(items.map(render) as Record<string, unknown>[], query.SortBy);
        return cursorPage(sorted, `${V}/${path}`, query, offset, size);
      }
      const page = cursorPage(items, `${V}/${path}`, query, offset, size);
      return { ...page, items: page.items.map(render) };
    };
  }

  app.get(`${V}/inventory-level`, listing('inventory-level', false));
  app.get(`${V}/inventory-level/locations`, listing('inventory-level/locations', true));

  app.get(`${V}/inventory-level/:inventoryId`, async (request, reply) => {
    const id = int32((request.params as { inventoryId: string }).inventoryId);
    const item = id === undefined ? undefined : ctx.live.account.item(id);
    return item ? inventoryLevelView(ctx.live.account, item) : notFound(reply, 'Inventory');
  });
  app.get(`${V}/inventory-level/:inventoryId/locations`, async (request, reply) => {
    const id = int32((request.params as { inventoryId: string }).inventoryId);
    const item = id === undefined ? undefined : ctx.live.account.item(id);
    return item ? inventoryByLocationView(ctx.live.account, item) : notFound(reply, 'Inventory');
  });

  // `POST /inventory/history:query` (the ':' is escaped for Fastify's router as '::').
  app.post(`${V}/inventory/history::query`, async (request, reply) => {
    const body = (request.body ?? {}) as { facility_id?: unknown; inventory_ids?: unknown; start_date?: unknown; end_date?: unknown; event_category?: unknown; cursor?: unknown };
    const facility = typeof body.facility_id === 'number' ? body.facility_id : undefined;
    if (facility === undefined) return problem(reply, 400, 'Bad Request', 'facility_id is required.');
    const ids = Array.isArray(body.inventory_ids) ? new Set(body.inventory_ids.map(Number)) : undefined;
    const start = typeof body.start_date === 'string' ? Date.parse(body.start_date) : undefined;
    const end = typeof body.end_date === 'string' ? Date.parse(body.end_date) : undefined;
    if (Number.isNaN(start) || Number.isNaN(end)) return problem(reply, 400, 'Bad Request', 'start_date and end_date must be ISO-8601 date-times.');
    const offset = int32((request.query as Query).cursor) ?? (typeof body.cursor === 'number' ? body.cursor : 0);
    const events = ctx.live.account.history.filter((e) => e.locationId === facility && (!ids || ids.has(e.inventoryId)) && (start === undefined || Date.parse(e.at) >= start)
      && (end === undefined || Date.parse(e.at) <= end) && (typeof body.event_category !== 'string' || e.category === body.event_category));
    const size = 100;
    const link = (o: number) => `${V}/inventory/history:query?cursor=${o}`;
    const details = (e: (typeof events)[number]) => ({
      facility_id: e.locationId, location_id: e.locationId, sku: e.sku, quantity_change: Math.abs(e.quantityChange), committed_quantity_change: Math.abs(e.committedChange),
      inventory_status: 'Fulfillable', lot_number: null, expiration_date: null, operational_stage: { id: 1 },
    });
    return {
      data: events.slice(offset, offset + size).map((e) => ({
        inventory_audit_event_id: e.id, inventory_id: e.inventoryId, event_category: e.category, event_datetime: e.at, shipbob_order_id: e.orderId,
        ...(e.quantityChange >= 0 ? { increment: details(e) } : { decrement: details(e) }), additional_reference: [],
      })),
      first: offset > 0 ? link(0) : null,
      prev: offset > 0 ? link(Math.max(0, offset - size)) : null,
      next: offset + size < events.length ? link(offset + size) : null,
      last: events.length > size ? link(Math.floor((events.length - 1) / size) * size) : null,
    };
  });
}
