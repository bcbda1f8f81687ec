import type { Category, Product, Retailer, RetailerIndex, Variant } from '@ucg/legacy-seed';
import { autop, currencySymbols, ksesEscape, slug, wooDate } from './format.ts';
import type { WooImage, WooProduct, WooTerm, WooVariation } from './types.ts';

/**
 * The marketplace catalogue: every seed product with `inMarketplace` becomes a variable product
 * whose `sku` is the seed product id, with one variation per seed variant carrying its SKU.
 *
 * Stock: this retailer does not keep stock in the marketplace store (availability is synced from
 * the ERP and 3PLs), so every variation reports `manage_stock: false`, `stock_quantity: null`
 * and `stock_status: "instock"` — exactly what WooCommerce answers for unmanaged stock.
 */

export interface Taxonomies {
  categories: Map<string, WooTerm>;
  tags: Map<string, WooTerm>;
  brands: Map<string, WooTerm>;
}

/** Term ids are deterministic: categories from 20, then tags, then brands, in seed order. */
export function buildTaxonomies(retailer: Retailer): Taxonomies {
  let next = 20;
  const term = (name: string): WooTerm => ({ id: next++, name: ksesEscape(name), slug: slug(name) });
  const categories = new Map(retailer.categories.map((c: Category) => [c.id, term(c.name.en)]));
  const tags = new Map<string, WooTerm>();
  for (const p of retailer.products) for (const t of p.tags) if (!tags.has(t)) tags.set(t, term(t));
  const brands = new Map(retailer.brands.map((b) => [b.name, term(b.name)]));
  return { categories, tags, brands };
}

export interface PriceView {
  price: string;
  regular_price: string;
  sale_price: string;
  on_sale: boolean;
}

/** A variation's prices in the store currency (retail price list); a seed compare-at price means "on sale". */
export function priceView(index: RetailerIndex, sku: string, currency: string): PriceView {
  const p = index.price(sku, currency);
  if (!p) return { price: '', regular_price: '', sale_price: '', on_sale: false };
  return p.compareAtAmount
    ? { price: p.amount, regular_price: p.compareAtAmount, sale_price: p.amount, on_sale: true }
    : { price: p.amount, regular_price: p.amount, sale_price: '', on_sale: false };
}

export function priceHtml(prices: string[], currency: string): string {
  const amount = (v: string) => `<span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">${currencySymbols[currency] ?? currency}</span>${v}</bdi></span>`;
  const sorted = prices.filter(Boolean).sort((a, b) => Number(a) - Number(b));
  if (!sorted.length) return '';
  return sorted[0] === sorted.at(-1) ? amount(sorted[0]!) : `${amount(sorted[0]!)} &ndash; ${amount(sorted.at(-1)!)}`;
}

interface Ids {
  next(): number;
}

function image(ids: Ids, src: string, alt: string, at: string): WooImage {
  const date = wooDate(at);
  const file = src.split('/').at(-1)!.replace(/\.[a-z]+$/, '');
  return { id: ids.next(), date_created: date, date_created_gmt: date, date_modified: date, date_modified_gmt: date, src, name: file, alt };
}

/** Fields a product and its variations share before their own ones are added. */
function sellableDefaults(id: number, at: string) {
  const date = wooDate(at);
  return {
    id, date_created: date, date_created_gmt: date, date_modified: date, date_modified_gmt: date,
    date_on_sale_from: null, date_on_sale_from_gmt: null, date_on_sale_to: null, date_on_sale_to_gmt: null,
    status: 'publish', purchasable: true, virtual: false, downloadable: false, downloads: [], download_limit: -1, download_expiry: -1,
    tax_status: 'taxable', tax_class: '', manage_stock: false, stock_quantity: null, stock_status: 'instock' as const,
    backorders: 'no' as const, backorders_allowed: false, backordered: false, low_stock_amount: null,
    dimensions: { length: '', width: '', height: '' }, shipping_class: '', shipping_class_id: 0, meta_data: [],
  };
}

/** A product with WooCommerce's defaults for every field, as `new WC_Product_*()` starts out. */
export function blankProduct(id: number, at: string, type: WooProduct['type']): WooProduct {
  return {
    ...sellableDefaults(id, at),
    name: '', slug: '', permalink: '', type, featured: false, catalog_visibility: 'visible', description: '', short_description: '',
    sku: '', global_unique_id: '', price: '', regular_price: '', sale_price: '', on_sale: false, price_html: '', total_sales: 0,
    external_url: '', button_text: '', sold_individually: false, weight: '', shipping_required: true, shipping_taxable: true,
    reviews_allowed: true, average_rating: '0.00', rating_count: 0, related_ids: [], upsell_ids: [], cross_sell_ids: [], parent_id: 0,
    purchase_note: '', categories: [], tags: [], brands: [], images: [], attributes: [], default_attributes: [], variations: [],
    grouped_products: [], menu_order: 0,
  };
}

function variation(ids: Ids, parent: WooProduct, v: Variant, position: number, prices: PriceView): WooVariation {
  const id = ids.next();
  const query = v.options.map((o) => `attribute_${slug(o.name)}=${encodeURIComponent(o.value)}`).join('&');
  return {
    ...sellableDefaults(id, parent.date_created_gmt),
    type: 'variation',
    name: `${parent.name} - ${v.options.map((o) => o.value).join(', ')}`,
    parent_id: parent.id,
    description: '',
    permalink: `/product/${parent.slug}/?${query}`,
    sku: v.sku,
    global_unique_id: v.gtin,
    ...prices,
    weight: (v.weightGrams / 1000).toString(),
    menu_order: position,
    image: parent.images[0] ?? null,
    attributes: v.options.map((o) => ({ id: 0, name: o.name, slug: slug(o.name), option: o.value })),
  };
}

export interface CatalogProjection {
  products: WooProduct[];
  variations: WooVariation[];
}

/** Projects the seed catalogue; `ids` hands out post ids (product, then its variations, then its images). */
export function projectCatalog(index: RetailerIndex, taxonomies: Taxonomies, currency: string, ids: Ids): CatalogProjection {
  const products: WooProduct[] = [];
  const variations: WooVariation[] = [];
  for (const p of index.retailer.products.filter((x: Product) => x.inMarketplace)) {
    const id = ids.next();
    const seedVariants = index.variantsByProduct.get(p.id) ?? [];
    const attributeNames = [...new Set(seedVariants.flatMap((v) => v.options.map((o) => o.name)))];
    const product: WooProduct = {
      ...blankProduct(id, p.createdAt, 'variable'),
      name: ksesEscape(p.title.en),
      slug: p.handle,
      permalink: `/product/${p.handle}/`,
      featured: p.tags.includes('bestseller'),
      description: autop(p.description.en),
      sku: p.id,
      categories: [taxonomies.categories.get(p.categoryId)!],
      tags: p.tags.map((t) => taxonomies.tags.get(t)!),
      brands: taxonomies.brands.has(p.vendor) ? [taxonomies.brands.get(p.vendor)!] : [],
      attributes: attributeNames.map((name, position) => ({
        id: 0, name, slug: slug(name), position, visible: true, variation: true,
        options: [...new Set(seedVariants.map((v) => v.options.find((o) => o.name === name)?.value).filter((x): x is string => !!x))],
      })),
    };
    const own = seedVariants.map((v, i) => variation(ids, product, v, i, priceView(index, v.sku, currency)));
    product.images = p.images.map((img) => image(ids, img.url, img.altText, p.createdAt));
    for (const v of own) v.image = product.images[0] ?? null;
    refreshVariableParent(product, own, currency);
    products.push(product);
    variations.push(...own);
  }
  return { products, variations };
}

/** A variable product's own prices are derived from its variations (`WC_Product_Variable::sync`). */
export function refreshVariableParent(product: WooProduct, own: WooVariation[], currency: string): void {
  if (product.type !== 'variable') return;
  const prices = own.filter((v) => v.status === 'publish' && v.price).map((v) => v.price);
  product.variations = own.map((v) => v.id);
  product.price = prices.length ? prices.reduce((a, b) => (Number(b) < Number(a) ? b : a)) : '';
  product.regular_price = '';
  product.sale_price = '';
  product.on_sale = own.some((v) => v.on_sale);
  product.price_html = priceHtml(prices, currency);
}
