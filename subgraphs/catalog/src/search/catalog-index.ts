import MiniSearch from 'minisearch';
import type { CatalogCategory, CatalogProduct, CatalogVariant } from '../model/catalog-product.ts';

/** What the full-text index holds per product (English content, every ERP name, facets' words). */
interface SearchDocument {
  key: string;
  title: string;
  names: string;
  vendor: string;
  tags: string;
  categories: string;
  description: string;
  skus: string;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Posting keys: one per facet value a product has (`brand:Northwind Outfitters`, `option:color:Black`). */
export const posting = {
  category: (id: string) => `category:${id}`,
  brand: (vendor: string) => `brand:${vendor}`,
  tag: (tag: string) => `tag:${tag}`,
  option: (name: string, value: string) => `option:${name.toLowerCase()}:${value}`,
};

function postingsOf(product: CatalogProduct): string[] {
  const keys = new Set<string>();
  for (const c of product.categories) keys.add(posting.category(c.id));
  if (product.vendor) keys.add(posting.brand(product.vendor));
  for (const t of product.tags) keys.add(posting.tag(t));
  for (const v of product.variants) for (const o of v.options) keys.add(posting.option(o.name, o.value));
  return [...keys];
}

function documentOf(product: CatalogProduct): SearchDocument {
  return {
    key: product.key,
    title: product.title,
    names: Object.values(product.names).join(' '),
    vendor: product.vendor ?? '',
    tags: product.tags.join(' '),
    categories: product.categories.map((c) => c.name).join(' '),
    description: product.description,
    skus: product.variants.map((v) => v.sku).join(' '),
  };
}

/** The title shoppers read in `language`: the ERP's name in that language, else the English content. */
export function localizedTitle(product: CatalogProduct, language: string): string {
  const lang = language.toLowerCase();
  if (lang === 'en' || lang.startsWith('en-') || lang.startsWith('en_')) return product.title;
  return product.names[lang] ?? product.names[lang.split(/[-_]/)[0]!] ?? product.title;
}

/**
 * The catalogue in memory, kept in step with the legacy systems by the sync: products by key,
 * handle and SKU, a full-text index (MiniSearch), facet postings and sort orders. Every change
 * bumps `version`, which keys whatever callers derive from it (search results, sort ranks).
 */
export class CatalogIndex {
  private readonly products = new Map<string, CatalogProduct>();
  private readonly byHandle = new Map<string, string>();
  private readonly bySku = new Map<string, { key: string; variant: CatalogVariant }>();
  private readonly postings = new Map<string, Set<string>>();
  private readonly categories = new Map<string, CatalogCategory>();
  private text = this.emptyText();
  private derived = new Map<string, unknown>();
  version = 0;

  private emptyText(): MiniSearch<SearchDocument> {
    return new MiniSearch<SearchDocument>({
      idField: 'key',
      fields: ['title', 'names', 'vendor', 'tags', 'categories', 'description', 'skus'],
      searchOptions: { boost: { title: 4, names: 3, vendor: 2, categories: 2, tags: 1.5 }, prefix: true, fuzzy: (term) => (term.length > 4 ? 0.2 : 0), combineWith: 'AND' },
    });
  }

  get size(): number {
    return this.products.size;
  }

  /** Replaces the whole catalogue (start-up load, periodic resync). */
  replaceAll(products: readonly CatalogProduct[]): void {
    this.products.clear();
    this.byHandle.clear();
    this.bySku.clear();
    this.postings.clear();
    this.categories.clear();
    this.text = this.emptyText();
    for (const p of products) this.insert(p);
    this.text.addAll(products.map(documentOf));
    this.changed();
  }

  /** Adds or replaces one product (a webhook said it changed). */
  upsert(product: CatalogProduct): void {
    const previous = this.products.get(product.key);
    if (previous) this.unlink(previous);
    // Handles are unique: a different product that held this handle before leaves the index.
    const clash = this.byHandle.get(product.handle);
    if (clash && clash !== product.key) this.remove(clash);
    this.insert(product);
    if (this.text.has(product.key)) this.text.replace(documentOf(product));
    else this.text.add(documentOf(product));
    this.changed();
  }

  remove(key: string): void {
    const product = this.products.get(key);
    if (!product) return;
    this.unlink(product);
    this.text.discard(key);
    this.changed();
  }

  private insert(product: CatalogProduct): void {
    this.products.set(product.key, product);
    this.byHandle.set(product.handle, product.key);
    for (const v of product.variants) this.bySku.set(v.sku, { key: product.key, variant: v });
    for (const c of product.categories) this.categories.set(c.id, c);
    for (const p of postingsOf(product)) {
      const set = this.postings.get(p);
      if (set) set.add(product.key);
      else this.postings.set(p, new Set([product.key]));
    }
  }

  private unlink(product: CatalogProduct): void {
    this.products.delete(product.key);
    if (this.byHandle.get(product.handle) === product.key) this.byHandle.delete(product.handle);
    for (const v of product.variants) if (this.bySku.get(v.sku)?.key === product.key) this.bySku.delete(v.sku);
    for (const p of postingsOf(product)) {
      const set = this.postings.get(p);
      set?.delete(product.key);
      if (set?.size === 0) this.postings.delete(p);
    }
  }

  private changed(): void {
    this.version++;
    this.derived = new Map();
  }

  /** A value computed from the index, kept until the index changes (sort ranks, facet inputs). */
  memo<T>(key: string, compute: () => T): T {
    if (!this.derived.has(key)) this.derived.set(key, compute());
    return this.derived.get(key) as T;
  }

  product(key: string): CatalogProduct | undefined {
    return this.products.get(key);
  }

  productByHandle(handle: string): CatalogProduct | undefined {
    const key = this.byHandle.get(handle);
    return key === undefined ? undefined : this.products.get(key);
  }

  variant(sku: string): { product: CatalogProduct; variant: CatalogVariant } | undefined {
    const hit = this.bySku.get(sku);
    const product = hit && this.products.get(hit.key);
    return product ? { product, variant: hit.variant } : undefined;
  }

  /** The product (and key) that sells a SKU. */
  keyOfSku(sku: string): string | undefined {
    return this.bySku.get(sku)?.key;
  }

  category(id: string): CatalogCategory | undefined {
    return this.categories.get(id);
  }

  /** Products carrying a facet value (see `posting`); empty when none. */
  withPosting(key: string): ReadonlySet<string> {
    return this.postings.get(key) ?? new Set();
  }

  /** Every SKU sold (for the price index). */
  skus(): string[] {
    return [...this.bySku.keys()];
  }

  /** The product whose content a system's native id stands for. */
  byNativeId(source: CatalogProduct['source'], nativeId: string): CatalogProduct | undefined {
    const lookup = this.memo(`native:${source}`, () => new Map([...this.products.values()].filter((p) => p.source === source).map((p) => [p.nativeId, p.key])));
    const key = lookup.get(nativeId);
    return key === undefined ? undefined : this.products.get(key);
  }

  /** Every product key, in the order a browse without a query shows them (by key: stable across requests). */
  keys(): string[] {
    return this.memo('keys', () => [...this.products.keys()].sort());
  }

  /** Full-text matches, best first. */
  match(query: string): string[] {
    return this.text.search(query).map((r) => String(r.id));
  }

  /** Position of each product when sorted by `compare` (for sorting result sets without re-sorting the catalogue). */
  private ranks(name: string, compare: (a: CatalogProduct, b: CatalogProduct) => number): ReadonlyMap<string, number> {
    return this.memo(`rank:${name}`, () => new Map([...this.products.values()].sort((a, b) => compare(a, b) || collator.compare(a.key, b.key)).map((p, i) => [p.key, i])));
  }

  titleRanks(language: string): ReadonlyMap<string, number> {
    return this.ranks(`title:${language}`, (a, b) => collator.compare(localizedTitle(a, language), localizedTitle(b, language)));
  }

  newestRanks(): ReadonlyMap<string, number> {
    return this.ranks('newest', (a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  }
}
