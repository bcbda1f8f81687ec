import { lateAnswer } from '@ucg/connector-core';
import { EmailBook, PersonCache } from '@ucg/cache';
import { customerIdForEmail } from '@ucg/request-context';
import type { Logger } from '@ucg/service-kit';
import type { Store } from '@ucg/store';
import { fromOrderRecord, type OrderView } from '../model.ts';
import type { OrderSystems } from '../systems/index.ts';

/** The newest orders of one shopper in one selling system, as that system pages them. */
export interface HeadPage {
  orders: OrderView[];
  /** The system's cursor after the last of `orders`. */
  endCursor: string | null;
  hasNextPage: boolean;
}

export type SellingSystem = 'webstore' | 'marketplace';

export interface OrderHeadsOptions {
  store: Store;
  systems: Pick<OrderSystems, 'webstore' | 'marketplace'>;
  /** How many newest orders are kept per shopper and system (`me.orders`' default page). */
  size: number;
  ttlMs: number;
  staleIfErrorMs: number;
  /** Longest a read waits for its system before answering without it (the read goes on and fills the cache). */
  answerWithinMs: number;
  logger: Logger;
}

/**
 * The first page of each shopper's web-store and marketplace orders, in the Store per customer id:
 * what MyAccount shows. Both systems are asked one shopper per call (neither has a batch form;
 * Shopify's calls are cost-throttled), so each shopper's read stands alone. New orders are pushed
 * (`forget`); the TTL bounds what a missed push or a status change leaves stale. Later pages and
 * larger pages are read live.
 */
export class OrderHeads {
  readonly size: number;
  private readonly caches: Record<SellingSystem, PersonCache<HeadPage>>;

  constructor(options: OrderHeadsOptions) {
    const { store, systems, size, ttlMs, staleIfErrorMs, answerWithinMs, logger } = options;
    this.size = size;
    const emails = new EmailBook(customerIdForEmail);
    const common = {
      store, emails, ttlMs, staleIfErrorMs, onePerCall: true,
      onEvent: (event: { type: string; namespace: string; error?: unknown }) => {
        if (event.type === 'load-error') logger.warn({ err: event.error, cache: event.namespace }, 'order list read failed; the last known list answered where there was one');
      },
    };
    const one = async (list: string[], read: (email: string) => Promise<HeadPage>) => new Map(await Promise.all(list.map(async (e) => [e, await read(e)] as const)));
    this.caches = {
      webstore: new PersonCache<HeadPage>({
        ...common,
        answerWithin: lateAnswer('webstore', answerWithinMs),
        namespace: 'orders:webstore-head',
        load: (list) => one(list, async (email) => {
          const page = await systems.webstore.ordersByEmail(email, { first: size });
          return { orders: page.orders.map((o) => fromOrderRecord(o, 'webstore')), endCursor: page.pageInfo.endCursor, hasNextPage: page.pageInfo.hasNextPage };
        }),
      }),
      marketplace: new PersonCache<HeadPage>({
        ...common,
        answerWithin: lateAnswer('marketplace', answerWithinMs),
        namespace: 'orders:marketplace-head',
        load: (list) => one(list, async (email) => {
          const page = await systems.marketplace.ordersByEmail(email, { first: size });
          return { orders: page.nodes.map((o) => fromOrderRecord(o, 'marketplace')), endCursor: page.pageInfo.endCursor, hasNextPage: page.pageInfo.hasNextPage };
        }),
      }),
    };
  }

  /** The shopper's newest orders in `system` (normalised e-mail); throws what kept the system from answering, unless a last known page can. */
  async head(system: SellingSystem, email: string): Promise<HeadPage> {
    const found = (await this.caches[system].getMany([email])).get(email)?.value;
    return found ?? { orders: [], endCursor: null, hasNextPage: false };
  }

  /** A system said these shoppers' orders changed (normalised e-mails). */
  forget(system: SellingSystem, emails: readonly string[]): Promise<void> {
    return this.caches[system].forget(emails);
  }

  /** Drops every cached list of these customers (erasure). */
  async forgetCustomers(ids: readonly string[]): Promise<void> {
    await Promise.all(Object.values(this.caches).map((c) => c.forgetIds(ids)));
  }
}
