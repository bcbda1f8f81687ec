export { Pricing, type PricingOptions, type PriceQuote } from './pricing.ts';
export type { PriceSource } from './price-source.ts';
export { RateTable } from './rate-table.ts';
export { TAX_RULES, taxRule, taxOn, grossOf, type TaxRule } from './tax.ts';
export { LOYALTY_RULES, pointsValueUsd, pointsEarned } from './loyalty.ts';
export { PricingError, isPricingError, type PricingErrorCode } from './errors.ts';
