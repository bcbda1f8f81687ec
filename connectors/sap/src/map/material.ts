import type { MaterialRecord } from '@ucg/connector-core';
import { expanded, parseODataDate } from '../odata.ts';

export interface SapProductDescription {
  Product: string;
  Language: string;
  ProductDescription: string;
}

/** A_Product with `$expand=to_Description`. */
export interface SapProduct {
  Product: string;
  ProductType: string;
  CreationDate: string | null;
  LastChangeDateTime: string | null;
  GrossWeight: string | null;
  WeightUnit: string;
  ProductGroup: string;
  BaseUnit: string;
  Brand: string;
  SizeOrDimensionText: string;
  ProductStandardID: string;
  ProductIsConfigurable: boolean;
  CrossPlantConfigurableProduct: string;
  to_Description?: { results?: SapProductDescription[] };
}

const gramsPer: Record<string, number> = { G: 1, KG: 1000, LB: 453.59237, OZ: 28.349523125 };

function grams(weight: string | null, unit: string): number | null {
  if (weight === null || weight === '' || gramsPer[unit] === undefined) return null;
  return Math.round(Number(weight) * gramsPer[unit]! * 1000) / 1000;
}

/**
 * Retail materials: a configurable material without a generic reference is a generic article;
 * one pointing at a generic (`CrossPlantConfigurableProduct`) is its variant; anything else is a
 * single article.
 */
export function mapMaterial(p: SapProduct): MaterialRecord {
  const generic = p.CrossPlantConfigurableProduct || null;
  return {
    system: 'erp',
    material: p.Product,
    kind: generic ? 'VARIANT' : p.ProductIsConfigurable ? 'GENERIC' : 'SINGLE',
    genericMaterial: generic,
    names: expanded(p.to_Description).map((d) => ({ language: d.Language.toLowerCase(), value: d.ProductDescription })),
    gtin: p.ProductStandardID || null,
    brand: p.Brand || null,
    materialGroup: p.ProductGroup || null,
    variantText: p.SizeOrDimensionText || null,
    baseUnit: p.BaseUnit,
    grossWeightGrams: grams(p.GrossWeight, p.WeightUnit),
    createdAt: parseODataDate(p.CreationDate),
    changedAt: parseODataDate(p.LastChangeDateTime),
  };
}
