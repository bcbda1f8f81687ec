import { createHash } from 'node:crypto';
import { customerIdForEmail } from '@ucg/request-context';
import type { AtomicScript, Store } from '@ucg/store';
import { type CartRecord, cartToken } from '../model/cart.ts';
import { compareAndDelete, KeyLock, type LockOptions } from './key-lock.ts';

/**
 * Writes cart ARGV[2] only if the stored cart is at version ARGV[1] (0: absent), with a TTL of
 * ARGV[3] ms. The fence behind the per-cart lock: a holder whose lock lapsed cannot overwrite a
 * newer cart.
 */
const saveScript: AtomicScript<number> = {
  name: 'cart_save',
  lua: `
local current = redis.call('GET', KEYS[1])
local version = 0
if current then version = tonumber(cjson.decode(current).version) end
if version ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`,
  memory(db, [key], [expected, json, ttlMs]) {
    const current = db.get(key!);
    const version = current === null ? 0 : Number((JSON.parse(current) as CartRecord).version);
    if (version !== Number(expected)) return 0;
    db.set(key!, json!, Number(ttlMs));
    return 1;
  },
};

/** How long a cart is kept past its expiry, so late requests get CART_EXPIRED rather than not-found. */
const KEEP_AFTER_EXPIRY_MS = 24 * 3_600_000;
const LOCK: LockOptions = { ttlMs: 10_000, waitMs: 5_000 };

/** The store key of a cart (its token is the hash tag of all its keys). */
export function cartKey(cartId: string): string {
  return `cart:{${cartToken(cartId) ?? 'invalid'}}`;
}

const sha = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 32);

/**
 * Carts in the shared store. Layout (each cart's keys share its token as hash tag):
 *   `cart:{<token>}`            the cart (JSON, versioned)
 *   `cart:{<token>}:lock`       serialises changes to one cart
 *   `cart-owner:{<customerId>}` the signed-in customer's active cart id (+ `:lock`)
 *   `cart-create:{<hash>}`      cart id made for a `cartCreate` idempotency key
 */
export class CartStore {
  readonly lock: KeyLock;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
  ) {
    this.lock = new KeyLock(store);
  }

  async get(cartId: string): Promise<CartRecord | null> {
    if (!cartToken(cartId)) return null;
    const raw = await this.store.get(cartKey(cartId));
    return raw ? (JSON.parse(raw) as CartRecord) : null;
  }

  async getMany(cartIds: readonly string[]): Promise<(CartRecord | null)[]> {
    const valid = cartIds.map((id) => cartToken(id) !== null);
    const raw = await this.store.mget(cartIds.filter((_, i) => valid[i]).map(cartKey));
    let i = 0;
    return cartIds.map((_, at) => {
      if (!valid[at]) return null;
      const text = raw[i++];
      return text ? (JSON.parse(text) as CartRecord) : null;
    });
  }

  /** Writes the cart if nobody wrote it since `cart.version` was read; bumps the version. False when someone did. */
  async save(cart: CartRecord): Promise<boolean> {
    const expected = cart.version;
    const next: CartRecord = { ...cart, version: expected + 1 };
    const ttlMs = Math.max(1, Date.parse(cart.expiresAt) - this.clock()) + KEEP_AFTER_EXPIRY_MS;
    const saved = (await this.store.run(saveScript, [cartKey(cart.id)], [expected, JSON.stringify(next), ttlMs])) === 1;
    if (saved) cart.version = expected + 1;
    return saved;
  }

  /** Runs `task` holding the cart's lock (changes to one cart never interleave). */
  withCart<T>(cartId: string, task: () => Promise<T>) {
    return this.lock.with(`${cartKey(cartId)}:lock`, LOCK, task);
  }

  /** Runs `task` holding the customer's lock (sign-in merges and active-cart changes never interleave). */
  withCustomer<T>(email: string, task: () => Promise<T>) {
    return this.lock.with(`${this.ownerKey(email)}:lock`, LOCK, task);
  }

  private ownerKey(email: string): string {
    return `cart-owner:{${customerIdForEmail(email)}}`;
  }

  /** The signed-in customer's active cart id, if one is recorded. */
  activeCartId(email: string): Promise<string | null> {
    return this.store.get(this.ownerKey(email));
  }

  async setActiveCart(email: string, cart: CartRecord): Promise<void> {
    await this.store.set(this.ownerKey(email), cart.id, { ttlMs: Math.max(1, Date.parse(cart.expiresAt) - this.clock()) });
  }

  /** Keeps the customer's pointer to `cart` alive as long as the cart (every change extends both). */
  async touchActiveCart(email: string, cart: CartRecord): Promise<void> {
    if ((await this.activeCartId(email)) === cart.id) await this.store.expire(this.ownerKey(email), Math.max(1, Date.parse(cart.expiresAt) - this.clock()));
  }

  /** Forgets the active cart, unless another cart became active meanwhile. */
  async clearActiveCart(email: string, cartId: string): Promise<void> {
    await this.store.run(compareAndDelete, [this.ownerKey(email)], [cartId]);
  }

  /** The cart made earlier for a `cartCreate` idempotency key, or records `cartId` for it (first caller wins). */
  async claimCreateKey(key: string, cartId: string, ttlMs: number): Promise<string> {
    const storeKey = `cart-create:{${sha(key)}}`;
    if (await this.store.set(storeKey, cartId, { onlyIfAbsent: true, ttlMs })) return cartId;
    return (await this.store.get(storeKey)) ?? cartId;
  }
}
