import { randomBytes } from 'node:crypto';
import { idBase } from './ids.ts';
import { toCents } from './money.ts';
import { inventoryLevelPayload, orderPayload, productPayload } from './rest-payloads.ts';
import { levelKey, type LevelRec, type OrderRec, type ProductRec, type ShopState, type TransactionRec, type WebhookRec } from './shop-state.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';

/** A refusal with a stable code (sandbox answers 400 with it; GraphQL answers a userError). */
export class ShopError extends Error {
  constructor(readonly code: string, message: string, readonly field: string[] = []) {
    super(message);
  }
}

/** Test card-vault tokens: what each one does when authorised. */
export const TEST_TOKENS: Record<string, Pick<TransactionRec, 'status' | 'errorCode'>> = {
  tok_visa: { status: 'SUCCESS', errorCode: null },
  tok_mastercard: { status: 'SUCCESS', errorCode: null },
  tok_declined: { status: 'FAILURE', errorCode: 'CARD_DECLINED' },
  tok_processing_error: { status: 'ERROR', errorCode: 'PROCESSING_ERROR' },
};
const AUTHORIZATION_VALID_MS = 7 * 86_400_000;

/** The shop's state changes, each firing the webhooks Shopify fires for it. */
export class ShopOperations {
  constructor(private readonly state: ShopState, private readonly webhooks: WebhookDispatcher) {}

  /** A till or stock count moves stock: sets on-hand (or moves it by `delta`) and fires inventory_levels/update. */
  adjustStock(input: { sku: string; location: string; delta?: number; onHand?: number }): LevelRec {
    const variant = this.state.variantBySku.get(input.sku);
    if (!variant) throw new ShopError('UNKNOWN_SKU', `No inventory item with SKU ${input.sku} in this shop`, ['sku']);
    if (!this.state.location(input.location)) throw new ShopError('UNKNOWN_LOCATION', `No location ${input.location} in this shop`, ['location']);
    const key = levelKey(variant.inventoryItemId, input.location);
    const now = new Date().toISOString();
    const level = this.state.levels.get(key) ?? { inventoryItemId: variant.inventoryItemId, locationId: input.location, sku: input.sku, onHand: 0, committed: 0, createdAt: now, updatedAt: now };
    const onHand = input.onHand ?? level.onHand + (input.delta ?? 0);
    if (onHand < 0) throw new ShopError('NEGATIVE_ON_HAND', `On-hand quantity cannot go below zero (would be ${onHand})`, ['delta']);
    const next = { ...level, onHand, updatedAt: now };
    this.state.levels.set(key, next);
    this.webhooks.emit('inventory_levels/update', inventoryLevelPayload(next));
    return next;
  }

  /**
   * A merchant edits a product in the admin (title, description, vendor, tags; the handle stays, as
   * Shopify keeps it on a title change) and Shopify fires products/update.
   */
  updateProduct(input: { handle: string; title?: string; description?: string; vendor?: string; tags?: string[] }): ProductRec {
    const rec = this.state.productByHandle.get(input.handle);
    if (!rec) throw new ShopError('NOT_FOUND', `No product with handle ${input.handle} in this shop`, ['handle']);
    // The seed is shared and never mutated: the edited product gets its own copy.
    rec.seed = {
      ...rec.seed,
      ...(input.title !== undefined ? { title: { ...rec.seed.title, en: input.title } } : {}),
      ...(input.description !== undefined ? { description: { ...rec.seed.description, en: input.description } } : {}),
      ...(input.vendor !== undefined ? { vendor: input.vendor } : {}),
      ...(input.tags !== undefined ? { tags: [...input.tags] } : {}),
    };
    this.webhooks.emit('products/update', productPayload(rec, new Date().toISOString()));
    return rec;
  }

  /**
   * A POS sale or an online order: POS sales leave the till with the goods (on-hand falls at the
   * store); web orders with a pickup/ship-from-store location commit stock there; other web orders
   * are fulfilled by the 3PL and leave store stock alone. Fires orders/create and, per changed
   * level, inventory_levels/update.
   */
  createOrder(input: { source: 'web' | 'pos'; location?: string; email?: string; currency?: string; lines: { sku: string; quantity: number }[] }): OrderRec {
    const { state } = this;
    if (input.source === 'pos' && !input.location) throw new ShopError('LOCATION_REQUIRED', 'A POS order is rung up at a store: give its location id', ['location']);
    if (input.location && !state.location(input.location)) throw new ShopError('UNKNOWN_LOCATION', `No location ${input.location} in this shop`, ['location']);
    if (!input.lines.length) throw new ShopError('NO_LINES', 'An order needs at least one line', ['lines']);
    const currency = input.currency ?? 'USD';
    const lines = input.lines.map((l, i) => {
      if (!state.variantBySku.has(l.sku)) throw new ShopError('UNKNOWN_SKU', `No variant with SKU ${l.sku} in this shop`, ['lines', String(i), 'sku']);
      const price = state.retailer.prices.find((p) => p.sku === l.sku && p.currency === currency && p.customerGroup === '01');
      if (!price) throw new ShopError('UNSUPPORTED_CURRENCY', `No ${currency} price for ${l.sku}`, ['currency']);
      return state.lineFor(l.sku, l.quantity, toCents(price.amount));
    });
    const subtotal = lines.reduce((s, l) => s + l.unitCents * l.quantity, 0);
    const taxRate = currency === 'USD' ? 0.0875 : 0;
    const tax = Math.round(subtotal * taxRate);
    const shipping = input.source === 'pos' || subtotal >= 10_000 ? 0 : 795;
    const number = Math.max(1000, ...state.orders.map((o) => o.number)) + 1;
    const email = input.email ?? null;
    const customer = email ? state.customerByEmail(email)[0] : undefined;
    const rate = currency === 'USD' ? '1' : state.retailer.exchangeRates.find((r) => r.from === currency && r.to === 'USD')?.rate ?? '1';
    const order: OrderRec = {
      legacyId: idBase.order + number, number, sourceName: input.source, email, customerLegacyId: customer?.legacyId ?? null,
      createdAt: new Date().toISOString(), currency, subtotalCents: subtotal, taxCents: tax, shippingCents: shipping,
      totalCents: subtotal + tax + shipping, rateToShop: rate, lines,
      fulfillment: input.source === 'pos' ? 'FULFILLED' : 'UNFULFILLED', financial: 'PAID', cancelledAt: null,
      retailLocationId: input.source === 'pos' ? input.location! : null, shippingAddress: null,
    };
    state.orders.push(order);
    const touched: LevelRec[] = [];
    if (input.location) {
      for (const line of lines) {
        const variant = state.variantBySku.get(line.sku)!;
        const key = levelKey(variant.inventoryItemId, input.location);
        const now = order.createdAt;
        const level = state.levels.get(key) ?? { inventoryItemId: variant.inventoryItemId, locationId: input.location, sku: line.sku, onHand: 0, committed: 0, createdAt: now, updatedAt: now };
        const next = input.source === 'pos'
          ? { ...level, onHand: level.onHand - line.quantity, updatedAt: now }
          : { ...level, committed: level.committed + line.quantity, updatedAt: now };
        state.levels.set(key, next);
        touched.push(next);
      }
    }
    this.webhooks.emit('orders/create', orderPayload(state, order));
    for (const level of touched) this.webhooks.emit('inventory_levels/update', inventoryLevelPayload(level));
    return order;
  }

  createWebhook(topic: WebhookRec['topic'], uri: string | undefined | null, format: string | undefined | null): WebhookRec {
    if (!uri) throw new ShopError('BLANK', "Address can't be blank", ['webhookSubscription', 'uri']);
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      throw new ShopError('INVALID', 'Address is invalid', ['webhookSubscription', 'uri']);
    }
    // Shopify only delivers to HTTPS; plain HTTP is accepted for loopback receivers in development.
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
      throw new ShopError('INVALID', `Address protocol ${url.protocol}// is not supported`, ['webhookSubscription', 'uri']);
    }
    if (format && format !== 'JSON') throw new ShopError('INVALID', 'Format XML is not supported for this topic', ['webhookSubscription', 'format']);
    if (this.state.webhooks.some((w) => w.topic === topic && w.uri === uri)) {
      throw new ShopError('TAKEN', 'Address for this topic has already been taken', ['webhookSubscription', 'uri']);
    }
    const rec: WebhookRec = { legacyId: this.state.nextWebhookId(), topic, uri, format: 'JSON', createdAt: new Date().toISOString() };
    this.state.webhooks.push(rec);
    return rec;
  }

  deleteWebhook(legacyId: number): void {
    const index = this.state.webhooks.findIndex((w) => w.legacyId === legacyId);
    if (index === -1) throw new ShopError('NOT_FOUND', 'Webhook subscription does not exist', ['id']);
    this.state.webhooks.splice(index, 1);
  }

  /** customerDelete: refused while the customer has orders (Shopify keeps order history). */
  deleteCustomer(legacyId: number): void {
    const index = this.state.customers.findIndex((c) => c.legacyId === legacyId);
    if (index === -1) throw new ShopError('NOT_FOUND', "Customer can't be found", ['id']);
    if (this.state.orders.some((o) => o.customerLegacyId === legacyId)) {
      throw new ShopError('HAS_ORDERS', 'Customer can’t be deleted because they have associated orders', ['id']);
    }
    this.state.customers.splice(index, 1);
  }

  /**
   * customerRequestDataErasure. Shopify redacts the customer and the personal data on their
   * orders some days later; the stand-in does it at once so that tests can observe the result.
   */
  requestErasure(legacyId: number): void {
    const index = this.state.customers.findIndex((c) => c.legacyId === legacyId);
    if (index === -1) throw new ShopError('DOES_NOT_EXIST', 'Customer does not exist.', ['customerId']);
    this.state.customers.splice(index, 1);
    for (const order of this.state.orders) {
      if (order.customerLegacyId !== legacyId) continue;
      order.customerLegacyId = null;
      order.email = null;
      order.shippingAddress = null;
    }
  }

  /**
   * Charges a vaulted card (payment mandate) without capturing when `autoCapture` is false. The
   * idempotency key makes a retry return the first result instead of charging again.
   */
  mandatePayment(input: { mandate: string; idempotencyKey: string; amountCents?: number; currency?: string; autoCapture: boolean }): TransactionRec {
    const existing = this.state.transactions.find((t) => t.idempotencyKey === input.idempotencyKey);
    if (existing) {
      if (existing.mandate !== input.mandate || (input.amountCents !== undefined && existing.amountCents !== input.amountCents)) {
        throw new ShopError('ORDER_MANDATE_PAYMENT_ERROR_CODE', 'Idempotency key has already been used with different parameters', ['idempotencyKey']);
      }
      return existing;
    }
    if (input.amountCents === undefined || !input.currency) throw new ShopError('ORDER_MANDATE_PAYMENT_ERROR_CODE', 'Amount is required when no order is given', ['amount']);
    if (input.amountCents <= 0) throw new ShopError('ORDER_MANDATE_PAYMENT_ERROR_CODE', 'Amount must be greater than 0', ['amount', 'amount']);
    const outcome = TEST_TOKENS[input.mandate];
    if (!outcome) throw new ShopError('ORDER_MANDATE_PAYMENT_ERROR_CODE', 'Mandate does not exist', ['mandateId']);
    const now = new Date();
    const rec: TransactionRec = {
      legacyId: this.state.nextTransactionId(), kind: input.autoCapture ? 'SALE' : 'AUTHORIZATION', ...outcome,
      amountCents: input.amountCents, currency: input.currency, idempotencyKey: input.idempotencyKey, mandate: input.mandate,
      paymentId: randomBytes(18).toString('base64url'), createdAt: now.toISOString(), parentLegacyId: null, voided: false,
      authorizationExpiresAt: outcome.status === 'SUCCESS' && !input.autoCapture ? new Date(now.getTime() + AUTHORIZATION_VALID_MS).toISOString() : null,
    };
    this.state.transactions.push(rec);
    return rec;
  }

  /** transactionVoid: releases a successful, not yet voided authorisation. */
  voidTransaction(parentLegacyId: number): TransactionRec {
    const parent = this.state.transactions.find((t) => t.legacyId === parentLegacyId);
    if (!parent) throw new ShopError('TRANSACTION_NOT_FOUND', 'Transaction does not exist', ['parentTransactionId']);
    if (parent.status !== 'SUCCESS') throw new ShopError('AUTH_NOT_SUCCESSFUL', 'Transaction is not a successful authorization', ['parentTransactionId']);
    if (parent.kind !== 'AUTHORIZATION' || parent.voided) throw new ShopError('AUTH_NOT_VOIDABLE', 'Transaction is not voidable', ['parentTransactionId']);
    parent.voided = true;
    const rec: TransactionRec = {
      ...parent, legacyId: this.state.nextTransactionId(), kind: 'VOID', status: 'SUCCESS', errorCode: null, idempotencyKey: null,
      createdAt: new Date().toISOString(), parentLegacyId: parent.legacyId, voided: false, authorizationExpiresAt: null,
    };
    this.state.transactions.push(rec);
    return rec;
  }
}
