import type { PriceRecord } from '@ucg/connector-core';
import type { SapContext } from './context.ts';
import { mapPrices, PRICE_CONDITION, STRIKE_THROUGH_CONDITION, type SapConditionValidity } from './map/price.ts';
import { anyOf, chunk, odataDateTime, odataString } from './odata.ts';

const RETAIL_GROUP = '01';

/**
 * Sales prices (PPR0, with the ZSTP strike-through price) for SKUs in one currency and customer
 * group, valid today. Reads the validity entity (which carries the key fields) with the record
 * expanded; a group without its own price falls back to the retail group 01. Many SKUs go out
 * as one `$batch` of filtered reads.
 */
export async function salesPrices(ctx: SapContext, skus: readonly string[], currency: string, customerGroup: string): Promise<PriceRecord[]> {
  const unique = [...new Set(skus)];
  if (unique.length === 0) return [];
  const groups = customerGroup === RETAIL_GROUP ? [RETAIL_GROUP] : [customerGroup, RETAIL_GROUP];
  const today = new Date(ctx.now().toISOString().slice(0, 10));
  const common = [
    anyOf('CustomerGroup', groups),
    `TransactionCurrency eq ${odataString(currency)}`,
    anyOf('ConditionType', [PRICE_CONDITION, STRIKE_THROUGH_CONDITION]),
    `ConditionValidityStartDate le ${odataDateTime(today)}`,
    `ConditionValidityEndDate ge ${odataDateTime(today)}`,
  ].join(' and ');
  const reads = chunk(unique, ctx.config.keysPerRequest).map((part) => ({
    path: 'A_SlsPrcgCndnRecdValidity',
    query: { $filter: `${anyOf('Material', part)} and ${common}`, $expand: 'to_SlsPrcgConditionRecord' },
  }));
  const pages = await ctx.client.readMany<SapConditionValidity>('API_SLSPRICINGCONDITIONRECORD_SRV', reads);
  return mapPrices(pages.flat(), unique, groups);
}
