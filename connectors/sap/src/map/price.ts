import { Big, money, type PriceRecord } from '@ucg/connector-core';

/** A_SlsPrcgConditionRecord (the rate). */
export interface SapConditionRecord {
  ConditionRecord: string;
  ConditionType: string;
  /** Decimal(24,9) as a string: "49.990000000". */
  ConditionRateValue: string;
  ConditionRateValueUnit: string;
  ConditionQuantity: string;
}

/** A_SlsPrcgCndnRecdValidity (the key fields) with `$expand=to_SlsPrcgConditionRecord`. */
export interface SapConditionValidity {
  ConditionRecord: string;
  ConditionType: string;
  CustomerGroup: string;
  TransactionCurrency: string;
  Material: string;
  to_SlsPrcgConditionRecord?: SapConditionRecord | null;
}

/** Condition type of the price charged. */
export const PRICE_CONDITION = 'PPR0';
/** The retailer's statistical condition type for the strike-through ("was") price. */
export const STRIKE_THROUGH_CONDITION = 'ZSTP';

/** Unit price of a condition: rate per condition quantity (pricing unit), rounded to the currency. */
function unitPrice(record: SapConditionRecord) {
  const per = Number(record.ConditionQuantity) > 1 ? Number(record.ConditionQuantity) : 1;
  return money(new Big(record.ConditionRateValue).div(per), record.ConditionRateValueUnit);
}

/**
 * Picks, per SKU, the most specific customer group that has a PPR0 (the requested group before
 * the retail group 01, as an access sequence would) and that group's ZSTP as compare-at price.
 */
export function mapPrices(validities: readonly SapConditionValidity[], skus: readonly string[], groupsBySpecificity: readonly string[]): PriceRecord[] {
  const bySku = new Map<string, SapConditionValidity[]>();
  for (const v of validities) bySku.set(v.Material, [...(bySku.get(v.Material) ?? []), v]);
  const out: PriceRecord[] = [];
  for (const sku of skus) {
    const rows = bySku.get(sku) ?? [];
    for (const group of groupsBySpecificity) {
      const price = rows.find((r) => r.CustomerGroup === group && r.ConditionType === PRICE_CONDITION && r.to_SlsPrcgConditionRecord);
      if (!price) continue;
      const was = rows.find((r) => r.CustomerGroup === group && r.ConditionType === STRIKE_THROUGH_CONDITION && r.to_SlsPrcgConditionRecord);
      out.push({ sku, customerGroup: group, price: unitPrice(price.to_SlsPrcgConditionRecord!), compareAtPrice: was ? unitPrice(was.to_SlsPrcgConditionRecord!) : null });
      break;
    }
  }
  return out;
}
