import type { FulfilmentOrderRecord, LocationRecord, SalesOrderRecord, ShipmentRecord } from '@ucg/connector-core';
import type { Logger } from '@ucg/service-kit';
import type { DeliveryStates } from '../delivery/state.ts';
import type { OrderSystems } from '../systems/index.ts';

export interface BoardRow {
  location: { id: string };
  awaitingPick: number;
  awaitingPack: number;
  shippedToday: number;
  exceptions: number;
}

export interface FulfillmentBoardOptions {
  systems: Pick<OrderSystems, 'us3pl' | 'eu3pl' | 'erp'>;
  deliveries: DeliveryStates;
  /** What moved this many days back is looked at (open work at ShipBob is counted whatever its age). */
  windowDays: number;
  /** A board computed less than this long ago is served again. */
  cacheMs: number;
  logger?: Logger;
  clock?: () => number;
}

const DAY = 86_400_000;
const EU_WAREHOUSE = 'VEN1';
const EU_TIMEZONE = 'Europe/Amsterdam';
const PLANT = '1000';

/** The calendar day of `at` in a time zone (the warehouse's "today"); UTC when the zone is unknown. */
export function localDay(at: number | string, timeZone: string | null): string {
  const date = new Date(at);
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

const row = (id: string): BoardRow => ({ location: { id }, awaitingPick: 0, awaitingPack: 0, shippedToday: 0, exceptions: 0 });

/**
 * Per warehouse, what is waiting and what is stuck. Definitions (also in the SDL):
 *
 * - ShipBob centres (`3pl-us:<id>`), over ShipBob's open orders and those updated in the window
 *   (every sales channel), by each shipment's centre: `awaitingPick` shipments ShipBob has not
 *   labelled (status Processing), `awaitingPack` labelled but not yet handed to the carrier,
 *   `shippedToday` shipments that left today (centre's local day), `exceptions` shipments in
 *   exception (out of stock, carrier exception) plus graph orders ShipBob refused (dead letters).
 * - EU warehouse (`3pl-eu:VEN1`), over the 940s the graph sent in the window: `awaitingPick`
 *   orders without a 945 yet, `awaitingPack` always 0 (the warehouse reports no packing step),
 *   `shippedToday` 945s dated today (Amsterdam), `exceptions` 945s that shipped fewer units than
 *   ordered (or none) plus 940s that could not be sent (dead letters).
 * - ERP plant (`erp:1000`), over the ERP's B2B sales orders and graph orders allocated to the
 *   plant: `awaitingPick` orders with no delivery yet, `awaitingPack` partly delivered,
 *   `shippedToday` always 0 (the ERP connector reads sales orders, not goods-issue dates),
 *   `exceptions` graph orders the ERP refused (dead letters).
 */
export class FulfillmentBoard {
  private readonly clock: () => number;
  private cached: { at: number; rows: Promise<BoardRow[]> } | undefined;
  private centres: { at: number; list: LocationRecord[] } | undefined;

  constructor(private readonly options: FulfillmentBoardOptions) {
    this.clock = options.clock ?? Date.now;
  }

  rows(): Promise<BoardRow[]> {
    const now = this.clock();
    if (this.cached && now - this.cached.at < this.options.cacheMs) return this.cached.rows;
    const rows = this.compute(now);
    this.cached = { at: now, rows };
    rows.catch(() => {
      if (this.cached?.rows === rows) this.cached = undefined;
    });
    return rows;
  }

  private async compute(now: number): Promise<BoardRow[]> {
    const since = now - this.options.windowDays * DAY;
    const [us, eu, plant, dead] = await Promise.all([this.us(since, now), this.eu(since, now), this.plant(since), this.options.deliveries.deadLetters()]);
    for (const letter of dead) {
      const target = letter.target === '3pl-eu' ? eu : letter.target === 'erp' ? plant : null;
      if (target) target.exceptions++;
      // ShipBob refusals have no centre yet; they count on the first centre's row so they are never invisible.
      else if (letter.target === '3pl-us' && us[0]) us[0].exceptions++;
    }
    return [...us, eu, plant];
  }

  private async usCentres(now: number): Promise<LocationRecord[]> {
    if (!this.centres || now - this.centres.at > 10 * 60_000) this.centres = { at: now, list: await this.options.systems.us3pl.locations() };
    return this.centres.list;
  }

  /**
   * ShipBob's open work (orders with no labelled shipment, whatever their age) and what moved in
   * the window (labels, departures, carrier exceptions), every channel's orders alike.
   */
  private async us(since: number, now: number): Promise<BoardRow[]> {
    const { us3pl } = this.options.systems;
    const [centres, open, moved] = await Promise.all([
      this.usCentres(now),
      us3pl.listOrders({ hasTracking: false }),
      us3pl.listOrders({ updatedSince: new Date(since).toISOString() }),
    ]);
    const orders = new Map<string, FulfilmentOrderRecord>([...moved, ...open].map((o) => [o.nativeId, o]));
    const rows = new Map(centres.map((c) => [c.nativeId, { row: row(`3pl-us:${c.nativeId}`), timezone: c.timezone }]));
    for (const shipment of [...orders.values()].flatMap((o) => o.shipments)) {
      const centre = shipment.fromLocationNativeId ? rows.get(shipment.fromLocationNativeId) : undefined;
      if (!centre) continue;
      countShipment(centre.row, shipment, localDay(now, centre.timezone), centre.timezone);
    }
    return [...rows.values()].map((r) => r.row).sort((a, b) => a.location.id.localeCompare(b.location.id, 'en', { numeric: true }));
  }

  private async eu(since: number, now: number): Promise<BoardRow> {
    const board = row(`3pl-eu:${EU_WAREHOUSE}`);
    const handed = await this.options.deliveries.handedSince('3pl-eu', since);
    if (handed.length === 0) return board;
    const numbers = handed.map((h) => h.number);
    const [shipments, records] = await Promise.all([this.options.systems.eu3pl.shipmentsForOrders(numbers), this.options.deliveries.getMany(numbers)]);
    const today = localDay(now, EU_TIMEZONE);
    numbers.forEach((number, i) => {
      const parcels = shipments.filter((s) => s.orderNativeId === number);
      if (parcels.length === 0) {
        board.awaitingPick++;
        return;
      }
      if (parcels.some((s) => s.shippedAt && localDay(s.shippedAt, EU_TIMEZONE) === today)) board.shippedToday++;
      const sent = records[i]!.plan?.shipments['3pl-eu'] ?? [];
      const shipped = (sku: string) => parcels.flatMap((s) => s.lines).filter((l) => l.sku === sku).reduce((n, l) => n + l.quantity, 0);
      if (parcels.some((s) => s.status === 'EXCEPTION') || sent.some((l) => shipped(l.sku) < l.quantity)) board.exceptions++;
    });
    return board;
  }

  private async plant(since: number): Promise<BoardRow> {
    const board = row(`erp:${PLANT}`);
    const { erp } = this.options.systems;
    const [orders, graph] = await Promise.all([erp.salesOrders({}), this.options.deliveries.handedSince('erp-plant', since)]);
    const graphRefs = new Set(graph.map((g) => g.number));
    const plantOrder = (o: SalesOrderRecord) => o.soldToParty !== erp.config.webSoldToParty || (o.externalReference !== null && graphRefs.has(o.externalReference));
    for (const order of orders.filter(plantOrder)) {
      if (order.status === 'CANCELLED') continue;
      if (order.deliveryStatus === 'NOT_DELIVERED') board.awaitingPick++;
      else if (order.deliveryStatus === 'PARTIALLY_DELIVERED') board.awaitingPack++;
    }
    return board;
  }
}

function countShipment(board: BoardRow, s: ShipmentRecord, today: string, timezone: string | null): void {
  if (s.status === 'CANCELLED') return;
  if (s.status === 'PENDING') board.awaitingPick++;
  else if (s.status === 'LABEL_CREATED') board.awaitingPack++;
  if (s.status === 'EXCEPTION') board.exceptions++;
  if (s.shippedAt && s.status !== 'PENDING' && localDay(s.shippedAt, timezone) === today) board.shippedToday++;
}
