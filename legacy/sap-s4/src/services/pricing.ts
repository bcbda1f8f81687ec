import type { Retailer } from '@ucg/legacy-seed';
import { END_OF_TIME, type Row } from '../odata/edm.ts';
import { groupIndex, keyIndex, p, type EntitySetDef, type ServiceDef } from '../odata/model.ts';
import { DISTRIBUTION_CHANNEL, PRICE_CONDITION_TABLE, SALES_ORGANIZATION, STRIKE_THROUGH_CONDITION } from './org.ts';

/**
 * API_SLSPRICINGCONDITIONRECORD_SRV. As in SAP, the condition *record* holds the rate and the
 * *validity* holds the key fields (customer group, currency, material) and the validity period:
 * clients filter A_SlsPrcgCndnRecdValidity and `$expand=to_SlsPrcgConditionRecord` for the rate.
 * PPR0 is the price charged; where the seed has a `compareAtAmount` a statistical ZSTP record
 * holds the strike-through price. Rates are Decimal(24,9), so "49.99" travels as "49.990000000".
 */

/** Validity start of every seeded record (a price list loaded at go-live). */
const VALID_FROM = Date.UTC(2024, 0, 1);

interface PricingRows {
  records: Row[];
  validities: Row[];
  /** `${sku}|${currency}|${group}` → PPR0 amount, for sales-order pricing. */
  price: Map<string, string>;
}

const built = new WeakMap<Retailer, PricingRows>();

function buildRows(retailer: Retailer): PricingRows {
  const cached = built.get(retailer);
  if (cached) return cached;
  const rows: PricingRows = { records: [], validities: [], price: new Map() };
  let seq = 0;
  const add = (type: string, sku: string, currency: string, group: string, amount: string) => {
    const record = String(++seq).padStart(10, '0');
    rows.records.push({
      ConditionRecord: record, ConditionSequentialNumber: '01', ConditionTable: PRICE_CONDITION_TABLE, ConditionApplication: 'V', ConditionType: type,
      ConditionValidityEndDate: END_OF_TIME, ConditionText: '', CreationDate: VALID_FROM, CreatedByUser: 'MIGRATION', ConditionRateValue: amount,
      ConditionRateValueUnit: currency, ConditionQuantity: '1', ConditionQuantityUnit: 'PC', ConditionCalculationType: 'C', ConditionIsDeleted: false,
    });
    rows.validities.push({
      ConditionRecord: record, ConditionValidityEndDate: END_OF_TIME, ConditionValidityStartDate: VALID_FROM, ConditionApplication: 'V', ConditionType: type,
      ConditionReleaseStatus: '', SalesOrganization: SALES_ORGANIZATION, DistributionChannel: DISTRIBUTION_CHANNEL, CustomerGroup: group,
      TransactionCurrency: currency, Material: sku,
    });
  };
  for (const price of retailer.prices) {
    add('PPR0', price.sku, price.currency, price.customerGroup, price.amount);
    rows.price.set(`${price.sku}|${price.currency}|${price.customerGroup}`, price.amount);
    if (price.compareAtAmount) add(STRIKE_THROUGH_CONDITION, price.sku, price.currency, price.customerGroup, price.compareAtAmount);
  }
  built.set(retailer, rows);
  return rows;
}

/** The PPR0 price of a SKU for a currency and customer group (falls back to the retail group 01). */
export function listPrice(retailer: Retailer, sku: string, currency: string, customerGroup: string): string | undefined {
  const { price } = buildRows(retailer);
  return price.get(`${sku}|${currency}|${customerGroup}`) ?? price.get(`${sku}|${currency}|01`);
}

export function pricingService(retailer: Retailer): ServiceDef {
  const rows = buildRows(retailer);
  const recordOf = keyIndex(['ConditionRecord'], () => rows.records);
  const validitiesOf = groupIndex('ConditionRecord', () => rows.validities);
  const record: EntitySetDef = {
    name: 'A_SlsPrcgConditionRecord', type: 'A_SlsPrcgConditionRecordType', label: 'Condition Record', keys: ['ConditionRecord'],
    properties: [
      p.key('ConditionRecord', 10), p.str('ConditionSequentialNumber', 2), p.str('ConditionTable', 3), p.str('ConditionApplication', 2), p.str('ConditionType', 4),
      p.date('ConditionValidityEndDate'), p.str('ConditionText', 50), p.date('CreationDate', { readOnly: true }), p.str('CreatedByUser', 12, { readOnly: true }),
      p.dec('ConditionRateValue', 24, 9, { label: 'Condition Amount' }), p.str('ConditionRateValueUnit', 5), p.dec('ConditionQuantity', 5, 0, { unit: 'ConditionQuantityUnit' }),
      p.str('ConditionQuantityUnit', 3), p.str('ConditionCalculationType', 3), p.bool('ConditionIsDeleted'),
    ],
    navigations: [{ name: 'to_SlsPrcgCndnRecdValidity', target: 'A_SlsPrcgCndnRecdValidity', many: true, resolve: (r) => validitiesOf(String(r.ConditionRecord)) }],
    rows: () => rows.records,
    find: recordOf,
  };
  const validity: EntitySetDef = {
    name: 'A_SlsPrcgCndnRecdValidity', type: 'A_SlsPrcgCndnRecdValidityType', label: 'Condition Record Validity', keys: ['ConditionRecord', 'ConditionValidityEndDate'],
    properties: [
      p.key('ConditionRecord', 10), { ...p.date('ConditionValidityEndDate'), nullable: false }, p.date('ConditionValidityStartDate'), p.str('ConditionApplication', 2),
      p.str('ConditionType', 4), p.str('ConditionReleaseStatus', 1), p.str('SalesOrganization', 4), p.str('DistributionChannel', 2), p.str('CustomerGroup', 2),
      p.str('TransactionCurrency', 5), p.str('Material', 40),
    ],
    navigations: [{ name: 'to_SlsPrcgConditionRecord', target: 'A_SlsPrcgConditionRecord', many: false, resolve: (r) => [recordOf(r)].filter((x): x is Row => Boolean(x)) }],
    rows: () => rows.validities,
    lookup: { Material: groupIndex('Material', () => rows.validities) },
  };
  return { name: 'API_SLSPRICINGCONDITIONRECORD_SRV', component: 'SD-MD-CM-API', sets: [record, validity] };
}
