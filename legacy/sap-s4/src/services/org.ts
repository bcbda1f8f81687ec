/**
 * The retailer's SAP organisational units. Plant 1000 is the B2B distribution centre (the seed's
 * `erp` location); one company code / sales organisation / purchasing organisation (US, 1710,
 * as in SAP's best-practice content) runs it.
 */
export const PLANT = '1000';
/** The one storage location stock is posted to. */
export const STORAGE_LOCATION = '0001';
export const COMPANY_CODE = '1710';
export const SALES_ORGANIZATION = '1710';
export const DISTRIBUTION_CHANNEL = '10';
export const DIVISION = '00';
export const PURCHASING_ORGANIZATION = '1710';
export const PURCHASING_GROUP = '001';
/** Sold-to party for orders from the web store (an SAP one-time customer, account group CPD). */
export const WEB_ONE_TIME_CUSTOMER = '10100000';
/** Pricing: the condition table behind PPR0/ZSTP records (customer namespace, key CustomerGroup/Currency/Material). */
export const PRICE_CONDITION_TABLE = '901';
/** Statistical condition type holding the strike-through ("was") price of items on sale. */
export const STRIKE_THROUGH_CONDITION = 'ZSTP';
