import { createHash } from 'node:crypto';
import { RetailerIndex, type Person, type Retailer } from '@ucg/legacy-seed';
import { buildTaxonomies, projectCatalog, refreshVariableParent, type Taxonomies } from './catalog.ts';
import { wooDate } from './format.ts';
import { buildOrder, statusFromSeed, wooAddress, wooBilling, type DraftLine } from './orders.ts';
import type { WooCustomer, WooOrder, WooProduct, WooVariation, WooWebhook } from './types.ts';

/** A webhook with the parts the API never shows: its secret and consecutive failed deliveries. */
export interface StoredWebhook extends WooWebhook {
  secret: string;
  failureCount: number;
}

function counter(start: number) {
  let n = start;
  return { next: () => n++, peek: () => n, bump: (to: number) => (n = Math.max(n, to)) };
}

function usernameFor(email: string, taken: Set<string>): string {
  const base = email.split('@')[0]!.toLowerCase().replace(/[^a-z0-9._-]/g, '') || 'customer';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${String(n).padStart(4, '0')}`;
  taken.add(name);
  return name;
}

export function gravatar(email: string): string {
  return `https://secure.gravatar.com/avatar/${createHash('md5').update(email.trim().toLowerCase()).digest('hex')}?s=96&d=mm&r=g`;
}

/**
 * The marketplace store's database, projected from the seed: products and variations (post ids
 * from 101), customers (user ids from 2; user 1 is the shop owner), orders (id = the number the
 * customer sees, WooCommerce's default) and webhooks. Rebuilt from scratch on sandbox reset.
 */
export class WooStore {
  readonly index: RetailerIndex;
  readonly taxonomies: Taxonomies;
  readonly products = new Map<number, WooProduct>();
  readonly variations = new Map<number, WooVariation>();
  readonly orders = new Map<number, WooOrder>();
  readonly customers = new Map<number, WooCustomer>();
  readonly webhooks = new Map<number, StoredWebhook>();
  readonly posts = counter(101);
  readonly items = counter(1);
  readonly users = counter(2);
  readonly webhookIds = counter(1);
  private readonly usernames = new Set<string>(['admin']);
  private readonly skuIndex = new Map<string, number>();

  constructor(readonly retailer: Retailer, readonly currency: string) {
    this.index = new RetailerIndex(retailer);
    this.taxonomies = buildTaxonomies(retailer);
    const catalog = projectCatalog(this.index, this.taxonomies, currency, this.posts);
    for (const p of catalog.products) this.products.set(p.id, p);
    for (const v of catalog.variations) this.variations.set(v.id, v);
    for (const item of [...catalog.products, ...catalog.variations]) if (item.sku) this.skuIndex.set(item.sku, item.id);

    const customerByPerson = new Map<string, WooCustomer>();
    for (const person of retailer.people.filter((p) => p.marketplace)) {
      const c = this.addCustomer(person, person.marketplace!.emailAsStored, person.createdAt);
      customerByPerson.set(person.key, c);
    }
    const personByKey = new Map(retailer.people.map((p) => [p.key, p]));
    for (const o of retailer.orders.filter((x) => x.system === 'marketplace')) {
      const person = o.personKey ? personByKey.get(o.personKey) : undefined;
      const customer = o.personKey ? customerByPerson.get(o.personKey) : undefined;
      const order = buildOrder({
        id: Number(o.number),
        number: o.number,
        status: statusFromSeed[o.status],
        currency: o.currency,
        placedAt: o.placedAt,
        now: retailer.now,
        customerId: customer?.id ?? 0,
        billing: wooBilling(person, person?.address ?? o.shippingAddress, o.email ?? ''),
        shipping: wooAddress(person, o.shippingAddress),
        lines: o.lines.flatMap((l) => {
          const line = this.draftLine(l.sku, l.quantity, l.unitPrice);
          return line ? [line] : [];
        }),
        createdVia: 'checkout',
        figures: { tax: o.tax, shipping: o.shipping, total: o.total },
      }, this.items.next);
      this.orders.set(order.id, order);
      if (customer && ['processing', 'completed'].includes(order.status)) customer.is_paying_customer = true;
    }
  }

  addCustomer(person: Pick<Person, 'firstName' | 'lastName' | 'phone' | 'address'>, email: string, createdAt: string): WooCustomer {
    const date = wooDate(createdAt);
    const customer: WooCustomer = {
      id: this.users.next(),
      date_created: date, date_created_gmt: date, date_modified: date, date_modified_gmt: date,
      email,
      first_name: person.firstName,
      last_name: person.lastName,
      role: 'customer',
      username: usernameFor(email, this.usernames),
      billing: wooBilling(person, person.address, email),
      shipping: { ...wooAddress(person, person.address), phone: '' },
      is_paying_customer: false,
      avatar_url: gravatar(email),
      meta_data: [],
    };
    this.customers.set(customer.id, customer);
    return customer;
  }

  /** A product or variation by its SKU (`wc_get_product_id_by_sku`). */
  bySku(sku: string): WooProduct | WooVariation | undefined {
    const id = this.skuIndex.get(sku);
    const found = id === undefined ? undefined : this.products.get(id) ?? this.variations.get(id);
    return found?.sku === sku ? found : undefined;
  }

  /** Records a product's (new) SKU; SKUs are unique across products and variations. */
  setSku(item: WooProduct | WooVariation, sku: string): void {
    if (item.sku && this.skuIndex.get(item.sku) === item.id) this.skuIndex.delete(item.sku);
    item.sku = sku;
    if (sku) this.skuIndex.set(sku, item.id);
  }

  variationsOf(parentId: number): WooVariation[] {
    const product = this.products.get(parentId);
    return (product?.variations ?? []).map((id) => this.variations.get(id)!).filter(Boolean);
  }

  /** An order line for a variation SKU at the given unit price (the store price when omitted). */
  draftLine(sku: string, quantity: number, unitPrice?: string): DraftLine | undefined {
    const found = this.bySku(sku);
    if (!found || found.type !== 'variation') return undefined;
    const parent = this.products.get(found.parent_id)!;
    return { variation: found, parentName: parent.name, quantity, unitPrice: unitPrice ?? found.price };
  }

  customerByEmail(email: string): WooCustomer | undefined {
    const wanted = email.trim().toLowerCase();
    for (const c of this.customers.values()) if (c.email.toLowerCase() === wanted) return c;
    return undefined;
  }

  /** Orders take ids from the same sequence as every other post, so the sequence moves past them. */
  allocateOrderId(): number {
    let max = 0;
    for (const id of this.orders.keys()) max = Math.max(max, id);
    const id = Math.max(max + 1, this.posts.peek());
    this.posts.bump(id + 1);
    return id;
  }

  refreshParent(parentId: number): void {
    const product = this.products.get(parentId);
    if (product) refreshVariableParent(product, this.variationsOf(parentId), this.currency);
  }
}
