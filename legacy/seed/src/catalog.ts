import type { Random } from './random.ts';
import type { Brand, Category, Localized, Product, Supplier, Variant, VariantOption } from './types.ts';

export const brands: Brand[] = [
  { code: 'NW', name: 'Northwind Outfitters' },
  { code: 'LO', name: 'Lumen & Oak' },
];

interface CategorySpec {
  id: string;
  brand: string;
  kind: Category['kind'];
  name: Localized;
  nouns: [en: string, de: string, fr: string][];
  priceUsd: [min: number, max: number];
  weightGrams: [min: number, max: number];
}

const categorySpecs: CategorySpec[] = [
  { id: 'jackets', brand: 'NW', kind: 'apparel', name: { en: 'Jackets', de: 'Jacken', fr: 'Vestes' }, nouns: [['Jacket', 'Jacke', 'Veste'], ['Parka', 'Parka', 'Parka'], ['Shell', 'Hardshell', 'Coque'], ['Anorak', 'Anorak', 'Anorak']], priceUsd: [89, 449], weightGrams: [300, 1200] },
  { id: 'fleece', brand: 'NW', kind: 'apparel', name: { en: 'Fleece & Midlayers', de: 'Fleece', fr: 'Polaires' }, nouns: [['Fleece', 'Fleece', 'Polaire'], ['Hoodie', 'Kapuzenpullover', 'Sweat à capuche'], ['Pullover', 'Pullover', 'Pull']], priceUsd: [49, 179], weightGrams: [250, 700] },
  { id: 'base-layers', brand: 'NW', kind: 'apparel', name: { en: 'Base Layers', de: 'Funktionswäsche', fr: 'Sous-couches' }, nouns: [['Crew', 'Rundhalsshirt', 'Haut col rond'], ['Tee', 'T-Shirt', 'T-shirt'], ['Tights', 'Tights', 'Collant']], priceUsd: [29, 119], weightGrams: [120, 300] },
  { id: 'trousers', brand: 'NW', kind: 'apparel', name: { en: 'Trousers & Shorts', de: 'Hosen', fr: 'Pantalons' }, nouns: [['Trousers', 'Hose', 'Pantalon'], ['Shorts', 'Shorts', 'Short'], ['Joggers', 'Jogginghose', 'Jogging']], priceUsd: [39, 169], weightGrams: [200, 600] },
  { id: 'footwear', brand: 'NW', kind: 'footwear', name: { en: 'Footwear', de: 'Schuhe', fr: 'Chaussures' }, nouns: [['Hiking Boot', 'Wanderschuh', 'Chaussure de randonnée'], ['Trail Runner', 'Trailschuh', 'Chaussure de trail'], ['Sandal', 'Sandale', 'Sandale']], priceUsd: [59, 249], weightGrams: [500, 1500] },
  { id: 'backpacks', brand: 'NW', kind: 'gear', name: { en: 'Backpacks', de: 'Rucksäcke', fr: 'Sacs à dos' }, nouns: [['Daypack', 'Tagesrucksack', 'Sac de jour'], ['Backpack', 'Rucksack', 'Sac à dos'], ['Duffel', 'Reisetasche', 'Sac de voyage']], priceUsd: [39, 299], weightGrams: [400, 2200] },
  { id: 'tents', brand: 'NW', kind: 'gear', name: { en: 'Tents & Shelters', de: 'Zelte', fr: 'Tentes' }, nouns: [['Tent', 'Zelt', 'Tente'], ['Tarp', 'Tarp', 'Bâche'], ['Bivy', 'Biwaksack', 'Bivouac']], priceUsd: [79, 699], weightGrams: [900, 4500] },
  { id: 'sleeping', brand: 'NW', kind: 'gear', name: { en: 'Sleeping Bags & Pads', de: 'Schlafsäcke', fr: 'Sacs de couchage' }, nouns: [['Sleeping Bag', 'Schlafsack', 'Sac de couchage'], ['Sleeping Pad', 'Isomatte', 'Matelas'], ['Quilt', 'Quilt', 'Couette']], priceUsd: [49, 399], weightGrams: [400, 2000] },
  { id: 'accessories', brand: 'NW', kind: 'gear', name: { en: 'Accessories', de: 'Zubehör', fr: 'Accessoires' }, nouns: [['Beanie', 'Mütze', 'Bonnet'], ['Gloves', 'Handschuhe', 'Gants'], ['Water Bottle', 'Trinkflasche', 'Gourde'], ['Headlamp', 'Stirnlampe', 'Lampe frontale']], priceUsd: [12, 89], weightGrams: [50, 400] },
  { id: 'lighting', brand: 'LO', kind: 'home', name: { en: 'Lighting', de: 'Beleuchtung', fr: 'Luminaires' }, nouns: [['Table Lamp', 'Tischlampe', 'Lampe de table'], ['Floor Lamp', 'Stehlampe', 'Lampadaire'], ['Pendant', 'Pendelleuchte', 'Suspension']], priceUsd: [39, 349], weightGrams: [800, 6000] },
  { id: 'textiles', brand: 'LO', kind: 'home', name: { en: 'Textiles', de: 'Heimtextilien', fr: 'Textiles' }, nouns: [['Throw', 'Plaid', 'Plaid'], ['Cushion Cover', 'Kissenbezug', 'Housse de coussin'], ['Duvet Cover', 'Bettbezug', 'Housse de couette'], ['Rug', 'Teppich', 'Tapis']], priceUsd: [19, 299], weightGrams: [200, 5000] },
  { id: 'kitchen', brand: 'LO', kind: 'home', name: { en: 'Kitchen', de: 'Küche', fr: 'Cuisine' }, nouns: [['Skillet', 'Pfanne', 'Poêle'], ['Dutch Oven', 'Bräter', 'Cocotte'], ['Knife', 'Messer', 'Couteau'], ['Cutting Board', 'Schneidebrett', 'Planche à découper']], priceUsd: [15, 249], weightGrams: [200, 6000] },
  { id: 'tableware', brand: 'LO', kind: 'home', name: { en: 'Tableware', de: 'Geschirr', fr: 'Arts de la table' }, nouns: [['Plate Set', 'Tellerset', 'Service d’assiettes'], ['Mug', 'Becher', 'Tasse'], ['Bowl', 'Schale', 'Bol'], ['Carafe', 'Karaffe', 'Carafe']], priceUsd: [12, 149], weightGrams: [200, 3000] },
  { id: 'decor', brand: 'LO', kind: 'home', name: { en: 'Decor', de: 'Deko', fr: 'Décoration' }, nouns: [['Vase', 'Vase', 'Vase'], ['Candle', 'Kerze', 'Bougie'], ['Mirror', 'Spiegel', 'Miroir'], ['Planter', 'Pflanztopf', 'Cache-pot']], priceUsd: [14, 199], weightGrams: [150, 4000] },
  { id: 'furniture', brand: 'LO', kind: 'home', name: { en: 'Furniture', de: 'Möbel', fr: 'Mobilier' }, nouns: [['Side Table', 'Beistelltisch', 'Table d’appoint'], ['Stool', 'Hocker', 'Tabouret'], ['Shelf', 'Regal', 'Étagère'], ['Bench', 'Bank', 'Banc']], priceUsd: [79, 899], weightGrams: [3000, 25000] },
];

const adjectives: [en: string, de: string, fr: string][] = [
  ['Alpine', 'Alpine', 'Alpin'], ['Summit', 'Gipfel', 'Sommet'], ['Ridge', 'Grat', 'Crête'], ['Cascade', 'Kaskaden', 'Cascade'],
  ['Harbor', 'Hafen', 'Port'], ['Meadow', 'Wiesen', 'Prairie'], ['Cedar', 'Zedern', 'Cèdre'], ['Granite', 'Granit', 'Granit'],
  ['Tundra', 'Tundra', 'Toundra'], ['Coastal', 'Küsten', 'Côtier'], ['Canyon', 'Canyon', 'Canyon'], ['Boreal', 'Boreal', 'Boréal'],
  ['Aurora', 'Aurora', 'Aurore'], ['Juniper', 'Wacholder', 'Genévrier'], ['Fjord', 'Fjord', 'Fjord'], ['Mesa', 'Mesa', 'Mesa'],
  ['Linden', 'Linden', 'Tilleul'], ['Willow', 'Weiden', 'Saule'], ['Hearth', 'Herd', 'Foyer'], ['Nordic', 'Nordisch', 'Nordique'],
];
const qualifiers: [en: string, de: string, fr: string][] = [
  ['Insulated', 'Isolierte', 'Isolé'], ['Lightweight', 'Leichte', 'Léger'], ['Waterproof', 'Wasserdichte', 'Imperméable'],
  ['Classic', 'Klassische', 'Classique'], ['Recycled', 'Recycelte', 'Recyclé'], ['Merino', 'Merino', 'Mérinos'],
  ['Organic', 'Bio', 'Bio'], ['Handmade', 'Handgemachte', 'Fait main'], ['Stoneware', 'Steingut', 'Grès'],
  ['Linen', 'Leinen', 'Lin'], ['Oak', 'Eichen', 'Chêne'], ['Brass', 'Messing', 'Laiton'], ['Pro', 'Pro', 'Pro'], ['Everyday', 'Alltags', 'Quotidien'],
];

const colors = ['Black', 'Navy', 'Forest', 'Rust', 'Sand', 'Slate', 'Ochre', 'Ivory', 'Clay', 'Sage', 'Charcoal', 'Berry'];
const apparelSizes = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const shoeSizes = ['38', '39', '40', '41', '42', '43', '44', '45', '46', '47'];
const gearSizes = ['20 L', '28 L', '35 L', '45 L', '60 L'];
const homeSizes = ['Small', 'Medium', 'Large'];
const materials = ['Walnut', 'Oak', 'Ash', 'Linen', 'Cotton', 'Wool', 'Stoneware', 'Brass'];

export const suppliers: Supplier[] = [
  { id: 'SUP-1001', name: 'Evergreen Textiles Ltd.', countryCode: 'VN', leadTimeDays: 45 },
  { id: 'SUP-1002', name: 'Alpenstahl GmbH', countryCode: 'DE', leadTimeDays: 21 },
  { id: 'SUP-1003', name: 'Pacific Gear Works', countryCode: 'TW', leadTimeDays: 35 },
  { id: 'SUP-1004', name: 'Kiln & Co. Ceramics', countryCode: 'PT', leadTimeDays: 28 },
  { id: 'SUP-1005', name: 'Nordlys Furniture AS', countryCode: 'NO', leadTimeDays: 40 },
  { id: 'SUP-1006', name: 'Trailhead Footwear S.A.', countryCode: 'PT', leadTimeDays: 30 },
];

const supplierFor: Record<Category['kind'], string[]> = {
  apparel: ['SUP-1001'],
  footwear: ['SUP-1006'],
  gear: ['SUP-1003', 'SUP-1002'],
  home: ['SUP-1004', 'SUP-1005', 'SUP-1002'],
};

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** EAN-13 with a valid check digit. */
export function ean13(body12: string): string {
  const sum = [...body12].reduce((acc, ch, i) => acc + Number(ch) * (i % 2 === 0 ? 1 : 3), 0);
  return body12 + String((10 - (sum % 10)) % 10);
}

export interface CatalogResult {
  categories: Category[];
  products: Product[];
  variants: Variant[];
  /** Retail list price in USD per product, before currency conversion. */
  basePriceUsd: Map<string, number>;
}

function optionMatrix(random: Random, kind: Category['kind'], indexInCategory: number): VariantOption[][] {
  // A handful of products carry 50 variants (5 colours × 10 sizes): the product-detail page
  // must not call legacy systems once per variant, and these are what tests use to prove it.
  if (kind === 'footwear' && indexInCategory % 40 === 0) {
    const cs = colors.slice(0, 5);
    return cs.flatMap((c) => shoeSizes.map((s) => [{ name: 'Color', value: c }, { name: 'Size', value: s }]));
  }
  switch (kind) {
    case 'apparel': {
      const cs = random.sample(colors, random.weighted([[1, 0.4], [2, 0.45], [3, 0.15]]));
      const start = random.int(0, 2);
      const ss = apparelSizes.slice(start, start + random.int(2, 4));
      return cs.flatMap((c) => ss.map((s) => [{ name: 'Color', value: c }, { name: 'Size', value: s }]));
    }
    case 'footwear': {
      const c = random.pick(colors);
      const start = random.int(0, 4);
      return shoeSizes.slice(start, start + random.int(2, 5)).map((s) => [{ name: 'Color', value: c }, { name: 'Size', value: s }]);
    }
    case 'gear': {
      if (random.chance(0.45)) return [[{ name: 'Color', value: random.pick(colors) }]];
      const start = random.int(0, 3);
      return gearSizes.slice(start, start + 2).map((s) => [{ name: 'Size', value: s }]);
    }
    case 'home': {
      if (random.chance(0.45)) return [[{ name: 'Material', value: random.pick(materials) }]];
      if (random.chance(0.5)) return random.sample(colors, random.int(2, 3)).map((c) => [{ name: 'Color', value: c }]);
      return homeSizes.slice(0, random.int(2, 3)).map((s) => [{ name: 'Size', value: s }]);
    }
  }
}

function optionCode(value: string): string {
  return value.replace(/[^A-Za-z0-9]/g, '').slice(0, 3).toUpperCase();
}

function roundPrice(value: number): number {
  return Math.max(4.99, Math.round(value) - 0.01);
}

export function generateCatalog(random: Random, productCount: number, now: Date): CatalogResult {
  const categories: Category[] = categorySpecs.map(({ id, brand, kind, name }) => ({ id, brand, kind, name }));
  const products: Product[] = [];
  const variants: Variant[] = [];
  const basePriceUsd = new Map<string, number>();
  const handles = new Set<string>();
  let gtinSeq = 0;

  for (let i = 0; i < productCount; i++) {
    const spec = categorySpecs[i % categorySpecs.length]!;
    const noun = random.pick(spec.nouns);
    const adjective = random.pick(adjectives);
    const qualifier = random.chance(0.6) ? random.pick(qualifiers) : undefined;
    const title: Localized = {
      en: [adjective[0], qualifier?.[0], noun[0]].filter(Boolean).join(' '),
    };
    // Roughly a third of the catalogue is translated: the ERP keeps those descriptions per language.
    if (random.chance(0.35)) {
      title.de = [adjective[1], qualifier?.[1], noun[1]].filter(Boolean).join(' ');
      title.fr = [noun[2], adjective[2], qualifier?.[2]].filter(Boolean).join(' ');
    }
    let handle = slugify(title.en);
    for (let n = 2; handles.has(handle); n++) handle = `${slugify(title.en)}-${n}`;
    handles.add(handle);

    const id = `${spec.brand}${String(100001 + i)}`;
    const brandName = spec.brand === 'NW' ? 'Northwind Outfitters' : 'Lumen & Oak';
    const description: Localized = {
      en: `The ${title.en} from ${brandName}: ${qualifier ? `${qualifier[0].toLowerCase()} and ` : ''}built for everyday use. ${spec.name.en} that last, with a two-year warranty.`,
    };
    if (title.de) description.de = `${title.de} von ${brandName}: für jeden Tag gemacht. Mit zwei Jahren Garantie.`;
    if (title.fr) description.fr = `${title.fr} de ${brandName} : conçu pour tous les jours. Garantie deux ans.`;

    const imageCount = random.int(1, 4);
    const product: Product = {
      id,
      handle,
      brand: spec.brand,
      categoryId: spec.id,
      title,
      description,
      vendor: brandName,
      tags: [spec.id, spec.kind, ...(qualifier ? [slugify(qualifier[0])] : []), ...(random.chance(0.15) ? ['new-arrival'] : []), ...(random.chance(0.1) ? ['bestseller'] : [])],
      images: Array.from({ length: imageCount }, (_, n) => ({
        url: `https://cdn.ucg.example/products/${handle}-${n + 1}.jpg`,
        altText: n === 0 ? title.en : `${title.en}, view ${n + 1}`,
      })),
      supplierId: random.pick(supplierFor[spec.kind]),
      createdAt: new Date(now.getTime() - random.int(30, 900) * 86_400_000).toISOString(),
      inWebStore: random.chance(0.97),
      inMarketplace: false,
    };
    product.inMarketplace = product.inWebStore ? random.chance(0.6) : true;
    products.push(product);

    const base = roundPrice(spec.priceUsd[0] + random.next() * (spec.priceUsd[1] - spec.priceUsd[0]));
    basePriceUsd.set(id, base);

    for (const options of optionMatrix(random, spec.kind, Math.floor(i / categorySpecs.length))) {
      gtinSeq++;
      variants.push({
        sku: `${id}-${options.map((o) => optionCode(o.value)).join('-')}`,
        productId: id,
        title: options.map((o) => o.value).join(' / '),
        options,
        gtin: ean13(`40${String(gtinSeq).padStart(10, '0')}`),
        weightGrams: random.int(spec.weightGrams[0], spec.weightGrams[1]),
      });
    }
  }
  return { categories, products, variants, basePriceUsd };
}
