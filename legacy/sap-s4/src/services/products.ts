import type { Retailer } from '@ucg/legacy-seed';
import { compareValues, sapDate, type Row } from '../odata/edm.ts';
import { groupIndex, keyIndex, p, type EntitySetDef, type ServiceDef } from '../odata/model.ts';
import { PLANT } from './org.ts';

/**
 * API_PRODUCT_SRV. Mapping (SAP Retail / Fashion): every seed Product is a *generic article*
 * (material = product id, configurable, no stock); every Variant is a *variant article*
 * (material = SKU, `CrossPlantConfigurableProduct` = its generic article). Descriptions are per
 * language (EN always, DE/FR where translated) and, as in MAKT, cut to 40 characters.
 * Plant data (MARC) exists for variants at plant 1000; the reorder point lives in supply planning.
 */

const DESCRIPTION_LENGTH = 40;

function productGroup(categoryId: string): string {
  return categoryId.replace(/-/g, '').toUpperCase().slice(0, 9);
}

function description(text: string): string {
  return text.slice(0, DESCRIPTION_LENGTH).trimEnd();
}

interface ProductRows {
  products: Row[];
  descriptions: Row[];
  plants: Row[];
  planning: Row[];
}

const built = new WeakMap<Retailer, ProductRows>();

function buildRows(retailer: Retailer): ProductRows {
  const cached = built.get(retailer);
  if (cached) return cached;
  const rows: ProductRows = { products: [], descriptions: [], plants: [], planning: [] };
  const variantsByProduct = new Map<string, Retailer['variants']>();
  for (const v of retailer.variants) variantsByProduct.set(v.productId, [...(variantsByProduct.get(v.productId) ?? []), v]);
  const policy = new Map(retailer.reorderPolicies.map((r) => [r.sku, r]));
  const supplier = new Map(retailer.suppliers.map((s) => [s.id, s]));
  const changed = Date.parse(retailer.now) - 86_400_000;

  for (const product of retailer.products) {
    const created = sapDate(product.createdAt);
    const common = { ProductType: 'HAWA', CrossPlantStatus: '', CreationDate: created, CreatedByUser: 'MIGRATION', LastChangeDate: sapDate(changed), LastChangeDateTime: changed, IsMarkedForDeletion: false, BaseUnit: 'PC', WeightUnit: 'G', ProductGroup: productGroup(product.categoryId), Division: '00', Brand: product.brand, ItemCategoryGroup: 'NORM' };
    rows.products.push({ ...common, Product: product.id, GrossWeight: null, NetWeight: null, SizeOrDimensionText: '', ProductStandardID: '', InternationalArticleNumberCat: '', ProductIsConfigurable: true, CrossPlantConfigurableProduct: '' });
    for (const [lang, text] of Object.entries(product.title)) rows.descriptions.push({ Product: product.id, Language: lang.toUpperCase(), ProductDescription: description(text) });
    const origin = supplier.get(product.supplierId);
    for (const v of variantsByProduct.get(product.id) ?? []) {
      const grams = String(v.weightGrams);
      rows.products.push({ ...common, Product: v.sku, GrossWeight: grams, NetWeight: grams, SizeOrDimensionText: v.options.map((o) => o.value).join(' / ').slice(0, 32), ProductStandardID: v.gtin, InternationalArticleNumberCat: 'HE', ProductIsConfigurable: false, CrossPlantConfigurableProduct: product.id });
      for (const [lang, text] of Object.entries(product.title)) rows.descriptions.push({ Product: v.sku, Language: lang.toUpperCase(), ProductDescription: description(`${text} ${v.title}`) });
      rows.plants.push({ Product: v.sku, Plant: PLANT, PurchasingGroup: '001', CountryOfOrigin: origin?.countryCode ?? '', MRPType: 'VB', MRPResponsible: '001', AvailabilityCheckType: '02', ProcurementType: 'F', BaseUnit: 'PC', IsMarkedForDeletion: false });
      const r = policy.get(v.sku);
      rows.planning.push({ Product: v.sku, Plant: PLANT, MRPType: 'VB', LotSizingProcedure: 'FX', ReorderThresholdQuantity: String(r?.reorderPoint ?? 0), FixedLotSizeQuantity: String(r?.lotSize ?? 0), SafetyStockQuantity: '0', PlannedDeliveryDurationInDays: String(origin?.leadTimeDays ?? 0), ProcurementType: 'F', BaseUnit: 'PC' });
    }
  }
  rows.products.sort((a, b) => compareValues('Edm.String', a.Product, b.Product));
  built.set(retailer, rows);
  return rows;
}

export function productService(retailer: Retailer): ServiceDef {
  const rows = buildRows(retailer);
  const descriptionsOf = groupIndex('Product', () => rows.descriptions);
  const plantsOf = groupIndex('Product', () => rows.plants);
  const planningOf = keyIndex(['Product', 'Plant'], () => rows.planning);
  const productsOf = groupIndex('Product', () => rows.products);

  const product: EntitySetDef = {
    name: 'A_Product', type: 'A_ProductType', label: 'Product', keys: ['Product'],
    properties: [
      p.key('Product', 40, { label: 'Product Number' }), p.str('ProductType', 4), p.str('CrossPlantStatus', 2), p.date('CreationDate', { readOnly: true }),
      p.str('CreatedByUser', 12, { readOnly: true }), p.date('LastChangeDate', { readOnly: true }), p.stamp('LastChangeDateTime', { readOnly: true }),
      p.bool('IsMarkedForDeletion'), p.dec('GrossWeight', 13, 3, { unit: 'WeightUnit' }), p.str('WeightUnit', 3), p.dec('NetWeight', 13, 3, { unit: 'WeightUnit' }),
      p.str('ProductGroup', 9), p.str('BaseUnit', 3), p.str('ItemCategoryGroup', 4), p.str('Division', 2), p.str('Brand', 4),
      p.str('SizeOrDimensionText', 32), p.str('ProductStandardID', 18, { label: 'GTIN' }), p.str('InternationalArticleNumberCat', 2),
      p.bool('ProductIsConfigurable'), p.str('CrossPlantConfigurableProduct', 40),
    ],
    navigations: [
      { name: 'to_Description', target: 'A_ProductDescription', many: true, resolve: (r) => descriptionsOf(String(r.Product)) },
      { name: 'to_Plant', target: 'A_ProductPlant', many: true, resolve: (r) => plantsOf(String(r.Product)) },
    ],
    rows: () => rows.products,
    find: keyIndex(['Product'], () => rows.products),
    lookup: { Product: productsOf, CrossPlantConfigurableProduct: groupIndex('CrossPlantConfigurableProduct', () => rows.products) },
  };
  const descriptionSet: EntitySetDef = {
    name: 'A_ProductDescription', type: 'A_ProductDescriptionType', label: 'Product Description', keys: ['Product', 'Language'],
    properties: [p.key('Product', 40), p.key('Language', 2), p.str('ProductDescription', 40)],
    rows: () => rows.descriptions,
    lookup: { Product: descriptionsOf },
  };
  const plant: EntitySetDef = {
    name: 'A_ProductPlant', type: 'A_ProductPlantType', label: 'Plant Data', keys: ['Product', 'Plant'],
    properties: [
      p.key('Product', 40), p.key('Plant', 4), p.str('PurchasingGroup', 3), p.str('CountryOfOrigin', 3), p.str('MRPType', 2), p.str('MRPResponsible', 3),
      p.str('AvailabilityCheckType', 2), p.str('ProcurementType', 1), p.str('BaseUnit', 3), p.bool('IsMarkedForDeletion'),
    ],
    navigations: [{ name: 'to_ProductSupplyPlanning', target: 'A_ProductSupplyPlanning', many: false, resolve: (r) => [planningOf(r)].filter((x): x is Row => Boolean(x)) }],
    rows: () => rows.plants,
    lookup: { Product: plantsOf },
  };
  const planning: EntitySetDef = {
    name: 'A_ProductSupplyPlanning', type: 'A_ProductSupplyPlanningType', label: 'Supply Planning Data', keys: ['Product', 'Plant'],
    properties: [
      p.key('Product', 40), p.key('Plant', 4), p.str('MRPType', 2), p.str('LotSizingProcedure', 2),
      p.dec('ReorderThresholdQuantity', 13, 3, { unit: 'BaseUnit', label: 'Reorder Point' }), p.dec('FixedLotSizeQuantity', 13, 3, { unit: 'BaseUnit' }),
      p.dec('SafetyStockQuantity', 13, 3, { unit: 'BaseUnit' }), p.dec('PlannedDeliveryDurationInDays', 3, 0), p.str('ProcurementType', 1), p.str('BaseUnit', 3),
    ],
    rows: () => rows.planning,
    find: planningOf,
    lookup: { Product: groupIndex('Product', () => rows.planning) },
  };
  return { name: 'API_PRODUCT_SRV', component: 'LO-MD-MM-API', sets: [product, descriptionSet, plant, planning] };
}
