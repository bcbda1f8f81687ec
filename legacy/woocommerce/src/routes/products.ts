import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { byNumber, byString, dateParam, idList, list, paginate, query, str, type PageSpec } from '../collection.ts';
import { WooError, noRoute } from '../errors.ts';
import { blankProduct } from '../catalog.ts';
import { autop, ksesEscape } from '../format.ts';
import { api, renderProduct, renderVariation, renderVariationAsProduct } from '../render.ts';
import type { WooProduct, WooVariation } from '../types.ts';
import { bodyOf, home, idParam, nowDate, type RouteContext } from './context.ts';

type Listed = WooProduct | WooVariation;

const productStatuses = ['any', 'future', 'trash', 'draft', 'pending', 'private', 'publish'];

const spec: PageSpec<Listed> = {
  orderby: {
    date: byString((p) => p.date_created_gmt),
    modified: byString((p) => p.date_modified_gmt),
    id: byNumber((p) => p.id),
    title: byString((p) => ('name' in p ? p.name : '')),
    slug: byString((p) => ('slug' in p ? p.slug : '')),
    price: byNumber((p) => Number(p.price || 0)),
    popularity: byNumber((p) => ('total_sales' in p ? p.total_sales : 0)),
    rating: byString((p) => ('average_rating' in p ? p.average_rating : '')),
    menu_order: byNumber((p) => p.menu_order),
  },
  defaultOrderby: 'date',
  defaultOrder: 'desc',
  id: (p) => p.id,
};

/** WordPress search: every word must appear in the title, excerpt or content. */
function matchesSearch(text: string, search: string | undefined): boolean {
  if (!search) return true;
  const hay = text.toLowerCase();
  return search.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}

const invalidId = () => new WooError('woocommerce_rest_product_invalid_id', 'Invalid ID.', 404);
const invalidVariationId = () => new WooError('woocommerce_rest_product_variation_invalid_id', 'Invalid ID.', 404);

function statusFilter(request: FastifyRequest): (p: Listed) => boolean {
  const status = str(query(request), 'status') ?? 'any';
  if (!productStatuses.includes(status)) throw new WooError('rest_invalid_param', 'Invalid parameter(s): status', 400, { params: { status: `status is not one of ${productStatuses.join(', ')}.` } });
  return (p) => (status === 'any' ? p.status !== 'trash' : p.status === status);
}

/** Applies the fields WooCommerce accepts on create/update that this store models. */
function applyProductFields(ctx: RouteContext, product: WooProduct, body: Record<string, unknown>): void {
  const store = ctx.store();
  if (typeof body.name === 'string') product.name = ksesEscape(body.name);
  if (typeof body.slug === 'string' && body.slug) product.slug = body.slug;
  if (typeof body.description === 'string') product.description = autop(body.description.replace(/^<p>|<\/p>\s*$/g, ''));
  if (typeof body.short_description === 'string') product.short_description = body.short_description;
  if (typeof body.status === 'string') product.status = productStatuses.includes(body.status) && body.status !== 'any' ? body.status : 'draft';
  if (typeof body.sku === 'string') {
    const clash = body.sku && store.bySku(body.sku);
    if (clash && clash.id !== product.id) throw new WooError('product_invalid_sku', 'Invalid or duplicated SKU.', 400, { resource_id: clash.id, unique_sku: `${body.sku}-1` });
    store.setSku(product, body.sku);
  }
  if (product.type !== 'variable') {
    if (typeof body.regular_price === 'string') product.regular_price = body.regular_price;
    if (typeof body.sale_price === 'string') product.sale_price = body.sale_price;
    product.on_sale = product.sale_price !== '' && Number(product.sale_price) < Number(product.regular_price);
    product.price = product.on_sale ? product.sale_price : product.regular_price;
  }
  if (Array.isArray(body.categories)) {
    product.categories = body.categories.flatMap((c) => [...store.taxonomies.categories.values()].filter((t) => t.id === Number((c as { id?: unknown }).id)));
  }
  if (Array.isArray(body.images)) {
    product.images = body.images.map((img, i) => {
      const { src = '', alt = '' } = img as { src?: string; alt?: string };
      const date = nowDate();
      return { id: store.posts.next(), date_created: date, date_created_gmt: date, date_modified: date, date_modified_gmt: date, src, name: src.split('/').at(-1) ?? `image-${i}`, alt };
    });
  }
  product.date_modified = product.date_modified_gmt = nowDate();
}

export function registerProductRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const base = '/wp-json/wc/v3/products';

  app.get(base, async (request, reply) => {
    const store = ctx.store();
    const q = query(request);
    const keep = statusFilter(request);
    const search = str(q, 'search');
    const skuParam = str(q, 'sku');
    const type = str(q, 'type');
    const category = idList(q, 'category');
    const exclude = idList(q, 'exclude');
    const parent = idList(q, 'parent');
    const slugs = list(q, 'slug');
    const after = dateParam(q, 'after');
    const before = dateParam(q, 'before');
    // `sku` matches products and variations alike; the whole string also counts, for SKUs with commas.
    const skus = skuParam ? new Set([...skuParam.split(','), ...(skuParam.includes(',') ? [skuParam] : [])]) : undefined;
    const pool: Listed[] = skus ? [...store.products.values(), ...store.variations.values()] : [...store.products.values()];
    const matched = pool.filter((p) => keep(p)
      && (!skus || skus.has(p.sku))
      && (!type || ('type' in p && p.type === type))
      && (!category?.length || ('categories' in p && p.categories.some((c) => category.includes(c.id))))
      && (!exclude?.length || !exclude.includes(p.id))
      && (!parent?.length || parent.includes(p.type === 'variation' ? p.parent_id : 0))
      && (!slugs?.length || ('slug' in p && slugs.includes(p.slug)))
      && (after === undefined || Date.parse(`${p.date_created_gmt}Z`) > after)
      && (before === undefined || Date.parse(`${p.date_created_gmt}Z`) < before)
      && matchesSearch(`${p.type === 'variation' ? p.name : `${p.name} ${p.short_description}`} ${p.description}`, search));
    const h = home(ctx, request);
    const page = paginate(request, reply, matched, spec, api(h, 'products'));
    return page.map((p) => (p.type === 'variation' ? renderVariationAsProduct(p, h) : renderProduct(p, h)));
  });

  app.get(`${base}/:id`, async (request) => {
    const id = idParam(request);
    if (id === undefined) throw noRoute();
    const store = ctx.store();
    const h = home(ctx, request);
    const product = store.products.get(id);
    if (product && product.status !== 'trash') return renderProduct(product, h);
    const variation = store.variations.get(id);
    if (variation) return renderVariationAsProduct(variation, h);
    throw invalidId();
  });

  app.post(base, async (request, reply) => {
    const store = ctx.store();
    const body = bodyOf(request);
    if (body.id !== undefined) throw new WooError('woocommerce_rest_product_exists', 'Cannot create existing product.', 400);
    const date = new Date().toISOString();
    const type = (['simple', 'variable', 'grouped', 'external'] as const).find((t) => t === body.type) ?? 'simple';
    const id = store.posts.next();
    const name = typeof body.name === 'string' ? body.name : 'Product';
    const product = blankProduct(id, date, type);
    applyProductFields(ctx, product, { ...body, name });
    product.slug ||= name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || `product-${id}`;
    product.permalink = `/product/${product.slug}/`;
    store.products.set(id, product);
    const h = home(ctx, request);
    ctx.webhooks.fire('product.created', h, () => renderProduct(store.products.get(id) ?? product, h));
    return reply.code(201).header('Location', api(h, `products/${id}`)).send(renderProduct(product, h));
  });

  const update = async (request: FastifyRequest) => {
    const id = idParam(request);
    if (id === undefined) throw noRoute();
    const store = ctx.store();
    const product = store.products.get(id);
    if (!product) {
      if (store.variations.has(id)) throw new WooError('woocommerce_rest_invalid_product_id', 'To manipulate product variations you should use the /products/&lt;product_id&gt;/variations/&lt;id&gt; endpoint.', 404);
      throw invalidId();
    }
    applyProductFields(ctx, product, bodyOf(request));
    const h = home(ctx, request);
    ctx.webhooks.fire('product.updated', h, () => renderProduct(product, h));
    return renderProduct(product, h);
  };
  app.put(`${base}/:id`, update);
  app.patch(`${base}/:id`, update);
  app.post(`${base}/:id`, update);

  app.get(`${base}/:productId/variations`, async (request, reply) => {
    const productId = idParam(request, 'productId');
    if (productId === undefined) throw noRoute();
    const store = ctx.store();
    const parent = store.products.get(productId);
    if (!parent) throw new WooError('woocommerce_rest_product_invalid_id', 'Invalid product ID.', 404);
    const q = query(request);
    const keep = statusFilter(request);
    const skus = str(q, 'sku')?.split(',');
    const search = str(q, 'search');
    const matched = store.variationsOf(productId).filter((v) => keep(v) && (!skus || skus.includes(v.sku)) && matchesSearch(`${v.name} ${v.description}`, search));
    const h = home(ctx, request);
    return paginate(request, reply, matched, spec, api(h, `products/${productId}/variations`)).map((v) => renderVariation(v as WooVariation, h));
  });

  app.get(`${base}/:productId/variations/:id`, async (request) => {
    const productId = idParam(request, 'productId');
    const id = idParam(request);
    if (productId === undefined || id === undefined) throw noRoute();
    const variation = ctx.store().variations.get(id);
    if (!variation || variation.parent_id !== productId) throw invalidVariationId();
    return renderVariation(variation, home(ctx, request));
  });
}
