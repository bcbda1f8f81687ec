import type { Random } from './random.ts';
import type {
  Address, Company, CurrencyCode, Location, Order, OrderLine, Person, Price, Product, PurchaseOrder, Shipment,
  ShipmentStatus, Supplier, TrackingEvent, Variant,
} from './types.ts';

const DAY = 86_400_000;

export function currencyFor(countryCode: string): CurrencyCode {
  if (countryCode === 'US' || countryCode === 'CA') return 'USD';
  if (countryCode === 'GB') return 'GBP';
  return 'EUR';
}

/** Sales tax is added on top in the US; VAT is included in European prices. */
export const taxRates: Record<string, { rate: number; included: boolean }> = {
  US: { rate: 0.0875, included: false },
  CA: { rate: 0.13, included: false },
  GB: { rate: 0.2, included: true },
  DE: { rate: 0.19, included: true },
  NL: { rate: 0.21, included: true },
  FR: { rate: 0.2, included: true },
};

const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2);

interface Draft {
  channel: Order['channel'];
  placedAt: number;
  person?: Person;
  company?: Company;
  guestEmail?: string;
  store?: Location;
}

interface Context {
  random: Random;
  now: Date;
  people: Person[];
  companies: Company[];
  products: Product[];
  variantsByProduct: Map<string, Variant[]>;
  prices: Map<string, Price>;
  stores: Location[];
  fulfillmentCenters: Location[];
}

const carriersUs = [
  { name: 'UPS', tracking: (r: Random) => `1Z${r.digits(4)}${r.pick(['A', 'E', 'W'])}${r.digits(11)}`, url: 'https://www.ups.com/track?tracknum=' },
  { name: 'USPS', tracking: (r: Random) => `9400${r.digits(18)}`, url: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=' },
  { name: 'FedEx', tracking: (r: Random) => r.digits(12), url: 'https://www.fedex.com/fedextrack/?trknbr=' },
];
const carriersEu = [
  { name: 'DHL', tracking: (r: Random) => `JJD${r.digits(18)}`, url: 'https://www.dhl.com/track?tracking-id=' },
  { name: 'DPD', tracking: (r: Random) => `0${r.digits(13)}`, url: 'https://tracking.dpd.de/status/en_US/parcel/' },
  { name: 'Royal Mail', tracking: (r: Random) => `${r.pick(['RB', 'TT', 'JV'])}${r.digits(9)}GB`, url: 'https://www.royalmail.com/track-your-item#/tracking-results/' },
];
const freight = { name: 'XPO Freight', tracking: (r: Random) => `PRO${r.digits(9)}`, url: 'https://track.xpo.example/?pro=' };

function placedAtWithSeason(random: Random, now: Date): number {
  // Busier in November and December, as retail is.
  for (;;) {
    const t = now.getTime() - Math.floor(random.next() * 365 * DAY);
    const month = new Date(t).getUTCMonth();
    const weight = month === 10 ? 1 : month === 11 ? 0.95 : 0.6;
    if (random.chance(weight)) return t;
  }
}

function pickLines(ctx: Context, eligible: Product[], currency: CurrencyCode, group: string, b2b: boolean): OrderLine[] {
  const { random } = ctx;
  const count = b2b ? random.int(2, 8) : random.weighted([[1, 0.5], [2, 0.3], [3, 0.13], [4, 0.07]]);
  const lines: OrderLine[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    // Squaring the roll skews demand toward the head of the list: a few bestsellers, a long tail.
    const product = eligible[Math.floor(eligible.length * random.next() ** 2)]!;
    const variant = random.pick(ctx.variantsByProduct.get(product.id)!);
    if (seen.has(variant.sku)) continue;
    seen.add(variant.sku);
    const price = ctx.prices.get(`${variant.sku}|${currency}|${group}`)!;
    lines.push({ sku: variant.sku, quantity: b2b ? random.int(4, 40) : random.weighted([[1, 0.8], [2, 0.15], [3, 0.05]]), unitPrice: price.amount });
  }
  return lines;
}

function statusFor(random: Random, channel: Order['channel'], ageDays: number): Order['status'] {
  if (channel === 'POS') return random.chance(0.02) && ageDays > 3 ? 'RETURNED' : 'COMPLETED';
  if (random.chance(0.02)) return 'CANCELLED';
  if (ageDays < 1) return 'UNFULFILLED';
  if (ageDays < 2) return random.chance(0.5) ? 'PROCESSING' : 'SHIPPED';
  if (ageDays < 6) return random.chance(0.7) ? 'SHIPPED' : 'DELIVERED';
  if (ageDays > 14 && random.chance(0.03)) return 'RETURNED';
  return 'DELIVERED';
}

function trackingEvents(random: Random, shippedAt: number, status: ShipmentStatus, city: string, now: number): TrackingEvent[] {
  const steps: [ShipmentStatus, string, number][] = [
    ['LABEL_CREATED', 'Shipping label created', 0],
    ['IN_TRANSIT', 'Picked up by carrier', 0.3],
    ['IN_TRANSIT', 'Arrived at regional facility', 1.2],
    ['OUT_FOR_DELIVERY', `Out for delivery in ${city}`, 2.4],
    ['DELIVERED', `Delivered in ${city}`, 2.8],
  ];
  const events: TrackingEvent[] = [];
  for (const [s, description, days] of steps) {
    const at = shippedAt + days * DAY + random.int(0, 3 * 3600_000);
    if (at > now) break;
    if (status === 'EXCEPTION' && s === 'OUT_FOR_DELIVERY') {
      events.push({ at: new Date(at).toISOString(), status: 'EXCEPTION', description: 'Delivery exception: address could not be found' });
      break;
    }
    events.push({ at: new Date(at).toISOString(), status: s, description });
    if (s === status && s !== 'IN_TRANSIT') break;
  }
  return events;
}

export interface OrdersResult {
  orders: Order[];
  shipments: Shipment[];
}

export function generateOrders(
  random: Random, now: Date, count: number, b2bCount: number, people: Person[], companies: Company[], products: Product[],
  variants: Variant[], prices: Price[], locations: Location[],
): OrdersResult {
  const variantsByProduct = new Map<string, Variant[]>();
  for (const v of variants) {
    const list = variantsByProduct.get(v.productId) ?? [];
    list.push(v);
    variantsByProduct.set(v.productId, list);
  }
  const ctx: Context = {
    random, now, people, companies, products, variantsByProduct,
    prices: new Map(prices.map((p) => [`${p.sku}|${p.currency}|${p.customerGroup}`, p])),
    stores: locations.filter((l) => l.type === 'STORE'),
    fulfillmentCenters: locations.filter((l) => l.system === '3pl-us'),
  };
  const webProducts = random.sample(products.filter((p) => p.inWebStore), products.length);
  const marketProducts = random.sample(products.filter((p) => p.inMarketplace), products.length);
  const webPeople = people.filter((p) => p.webStore && !p.companyId);
  const marketPeople = people.filter((p) => p.marketplace && !p.companyId);
  const anyPeople = people.filter((p) => !p.companyId);
  const demo = people[0]!;

  const drafts: Draft[] = [];
  // The demo customer has history in every channel, so one MyAccount query shows all of them.
  drafts.push({ channel: 'WEB', placedAt: now.getTime() - 2 * DAY - 3600_000, person: demo });
  drafts.push({ channel: 'WEB', placedAt: now.getTime() - 40 * DAY, person: demo });
  drafts.push({ channel: 'MARKETPLACE', placedAt: now.getTime() - 20 * DAY, person: demo });
  drafts.push({ channel: 'POS', placedAt: now.getTime() - 9 * DAY, person: demo, store: ctx.stores[0]! });
  for (let i = drafts.length; i < count; i++) {
    const channel = random.weighted<Order['channel']>([['WEB', 0.55], ['MARKETPLACE', 0.25], ['POS', 0.2]]);
    const placedAt = placedAtWithSeason(random, now);
    if (channel === 'WEB') {
      if (random.chance(0.85)) drafts.push({ channel, placedAt, person: random.pick(webPeople) });
      else drafts.push({ channel, placedAt, person: random.pick(anyPeople) });
    } else if (channel === 'MARKETPLACE') {
      drafts.push({ channel, placedAt, person: random.pick(marketPeople) });
    } else {
      const store = random.pick(ctx.stores);
      drafts.push({ channel, placedAt, store, ...(random.chance(0.6) ? { person: random.pick(anyPeople) } : {}) });
    }
  }
  for (let i = 0; i < b2bCount; i++) {
    drafts.push({ channel: 'B2B', placedAt: placedAtWithSeason(random, now), company: random.pick(companies) });
  }
  drafts.sort((a, b) => a.placedAt - b.placedAt);

  const orders: Order[] = [];
  const shipments: Shipment[] = [];
  let shopifySeq = 1001;
  let wooSeq = 50001;
  let erpSeq = 5000000001;
  let shipmentSeq = 1;
  for (const draft of drafts) {
    const b2b = draft.channel === 'B2B';
    const country = draft.store?.address.countryCode ?? draft.company?.countryCode ?? draft.person?.address.countryCode ?? 'US';
    const currency = currencyFor(country);
    const eligible = draft.channel === 'MARKETPLACE' ? marketProducts : webProducts;
    const lines = pickLines(ctx, eligible, currency, b2b ? draft.company!.customerGroup : '01', b2b);
    const subtotalN = lines.reduce((sum, l) => sum + Number(l.unitPrice) * l.quantity, 0);
    const tax = taxRates[country] ?? { rate: 0.2, included: true };
    const taxN = tax.included ? subtotalN - subtotalN / (1 + tax.rate) : subtotalN * tax.rate;
    const shippingN = draft.channel === 'POS' ? 0 : b2b ? 49 : subtotalN >= 100 ? 0 : currency === 'GBP' ? 4.95 : 7.95;
    const totalN = subtotalN + (tax.included ? 0 : taxN) + shippingN;
    const ageDays = (now.getTime() - draft.placedAt) / DAY;
    const status = b2b ? (ageDays < 3 ? 'PROCESSING' : 'DELIVERED') : statusFor(random, draft.channel, ageDays);
    const system: Order['system'] = draft.channel === 'MARKETPLACE' ? 'marketplace' : b2b ? 'erp' : 'webstore';
    const number = String(system === 'webstore' ? shopifySeq++ : system === 'marketplace' ? wooSeq++ : erpSeq++);
    const shippingAddress: Address | undefined = draft.channel === 'POS' ? undefined : draft.person?.address ?? { line1: '1 Commerce Way', city: 'Chicago', province: 'IL', postalCode: '60601', countryCode: country };
    const fulfilledBy: Order['fulfilledBy'] = draft.channel === 'POS' ? undefined : b2b ? 'erp' : ['US', 'CA'].includes(country) ? '3pl-us' : '3pl-eu';
    const email = draft.channel === 'MARKETPLACE' ? draft.person?.marketplace?.emailAsStored : draft.person?.webStore?.emailAsStored ?? draft.person?.email;
    const order: Order = {
      number, system, channel: draft.channel, placedAt: new Date(draft.placedAt).toISOString(), currency, lines,
      subtotal: money(subtotalN), tax: money(taxN), shipping: money(shippingN), total: money(totalN), status,
      ...(email ? { email } : {}),
      ...(draft.person ? { personKey: draft.person.key } : {}),
      ...(draft.company ? { companyId: draft.company.id, email: `purchasing@${draft.company.domain}` } : {}),
      ...(draft.store ? { storeNativeId: draft.store.nativeId } : {}),
      ...(shippingAddress ? { shippingAddress } : {}),
      ...(fulfilledBy ? { fulfilledBy } : {}),
    };
    orders.push(order);

    if (fulfilledBy && ['SHIPPED', 'DELIVERED', 'RETURNED'].includes(status)) {
      const shippedAt = draft.placedAt + random.int(4, 30) * 3600_000;
      const carrier = b2b ? freight : fulfilledBy === '3pl-us' ? random.pick(carriersUs) : country === 'GB' ? carriersEu[2]! : random.pick(carriersEu.slice(0, 2));
      const trackingNumber = carrier.tracking(random);
      const delivered = status !== 'SHIPPED';
      const shipmentStatus: ShipmentStatus = delivered ? 'DELIVERED' : random.chance(0.03) ? 'EXCEPTION' : 'IN_TRANSIT';
      const events = trackingEvents(random, shippedAt, shipmentStatus, shippingAddress!.city, now.getTime());
      shipments.push({
        id: `SHP-${String(shipmentSeq++).padStart(7, '0')}`,
        orderNumber: number,
        system: fulfilledBy,
        fromNativeId: fulfilledBy === '3pl-us' ? random.pick(ctx.fulfillmentCenters).nativeId : fulfilledBy === '3pl-eu' ? 'VEN1' : '1000',
        carrier: carrier.name,
        trackingNumber,
        trackingUrl: carrier.url + trackingNumber,
        status: events.at(-1)?.status ?? 'LABEL_CREATED',
        shippedAt: new Date(shippedAt).toISOString(),
        lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
        events,
      });
    }
  }
  return { orders, shipments };
}

export function generatePurchaseOrders(random: Random, now: Date, suppliers: Supplier[], products: Product[], variants: Variant[], prices: Price[]): PurchaseOrder[] {
  const bySupplier = new Map<string, Variant[]>();
  const productSupplier = new Map(products.map((p) => [p.id, p.supplierId]));
  for (const v of variants) {
    const s = productSupplier.get(v.productId)!;
    bySupplier.set(s, [...(bySupplier.get(s) ?? []), v]);
  }
  const usd = new Map(prices.filter((p) => p.currency === 'USD' && p.customerGroup === '01').map((p) => [p.sku, Number(p.amount)]));
  const orders: PurchaseOrder[] = [];
  for (let i = 0; i < 40; i++) {
    const supplier = random.pick(suppliers);
    const createdAt = now.getTime() - random.int(1, 180) * DAY;
    orders.push({
      number: String(4500000001 + i),
      supplierId: supplier.id,
      plant: '1000',
      createdAt: new Date(createdAt).toISOString(),
      status: now.getTime() - createdAt > supplier.leadTimeDays * DAY ? 'RECEIVED' : 'OPEN',
      lines: random.sample(bySupplier.get(supplier.id) ?? [], random.int(3, 12)).map((v) => ({
        sku: v.sku, quantity: random.int(2, 20) * 10, netPrice: money((usd.get(v.sku) ?? 10) * 0.38), currency: 'USD' as const,
      })),
    });
  }
  orders.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  orders.forEach((o, i) => (o.number = String(4500000001 + i)));
  return orders;
}
