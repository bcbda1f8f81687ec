import { pointsEarned } from '@ucg/pricing';
import { FxRates } from './fx.ts';
import type { OrderView } from './model.ts';
import type { RateTable } from '@ucg/pricing';

/**
 * Points an order earned. Checkout orders carry what checkout promised (and the delivery worker
 * credits). Orders from the selling systems earn by the programme's rule on the goods' net value
 * in USD at the ERP's rates; B2B and cancelled orders earn none.
 */
export function loyaltyPointsFor(order: OrderView, rates: () => Promise<RateTable>): number | Promise<number> {
  if (order.loyaltyPointsEarned !== null) return order.loyaltyPointsEarned;
  if (order.channel === 'B2B' || order.status === 'CANCELLED') return 0;
  return rates().then((table) => pointsEarned(FxRates.convert(table, order.netGoods, 'USD')));
}
