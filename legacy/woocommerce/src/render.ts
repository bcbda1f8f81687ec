import type { WooCustomer, WooOrder, WooProduct, WooVariation } from './types.ts';
import type { StoredWebhook } from './state.ts';

/** Resources as the API answers them: absolute permalinks and `_links`, built from the home URL. */

const href = (url: string) => [{ href: url }];

export function api(home: string, route: string): string {
  return `${home}/wp-json/wc/v3/${route}`;
}

/** Keys in WooCommerce's order (id, name, slug, permalink first), then `_links`. */
export function renderProduct(p: WooProduct, home: string) {
  const permalink = home + p.permalink;
  const links = { self: href(api(home, `products/${p.id}`)), collection: href(api(home, 'products')) };
  return Object.assign({ id: p.id, name: p.name, slug: p.slug, permalink }, p, { permalink, _links: links });
}

export function renderVariation(v: WooVariation, home: string) {
  return {
    ...v,
    permalink: home + v.permalink,
    _links: { self: href(api(home, `products/${v.parent_id}/variations/${v.id}`)), collection: href(api(home, `products/${v.parent_id}/variations`)), up: href(api(home, `products/${v.parent_id}`)) },
  };
}

/** A variation where the products endpoint lists it (a `sku` search returns variations too). */
export function renderVariationAsProduct(v: WooVariation, home: string) {
  return { ...v, permalink: home + v.permalink, _links: { self: href(api(home, `products/${v.id}`)), collection: href(api(home, 'products')), up: href(api(home, `products/${v.parent_id}`)) } };
}

export function renderOrder(o: WooOrder, home: string) {
  return {
    ...o,
    payment_url: home + o.payment_url,
    _links: {
      self: href(api(home, `orders/${o.id}`)),
      collection: href(api(home, 'orders')),
      ...(o.customer_id ? { customer: href(api(home, `customers/${o.customer_id}`)) } : {}),
    },
  };
}

export function renderCustomer(c: WooCustomer, home: string) {
  return { ...c, _links: { self: href(api(home, `customers/${c.id}`)), collection: href(api(home, 'customers')) } };
}

export function renderWebhook(w: StoredWebhook, home: string) {
  const { secret: _secret, failureCount: _failures, ...visible } = w;
  return { ...visible, _links: { self: href(api(home, `webhooks/${w.id}`)), collection: href(api(home, 'webhooks')) } };
}
