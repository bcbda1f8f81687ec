import type { CustomerAccount } from '@ucg/connector-core';
import type { WooCustomer } from '../types.ts';
import { mapAddress } from './address.ts';
import { gmtToIso } from './text.ts';

/** WooCommerce customer → canonical account (REST v3 no longer reports order counts or totals). */
export function mapCustomer(c: WooCustomer): CustomerAccount {
  return {
    system: 'marketplace',
    nativeId: String(c.id),
    email: c.email,
    firstName: c.first_name || null,
    lastName: c.last_name || null,
    phone: c.billing?.phone || null,
    createdAt: gmtToIso(c.date_created_gmt) ?? c.date_created_gmt,
    orderCount: null,
    amountSpent: null,
    acceptsMarketing: null,
    defaultAddress: mapAddress(c.billing),
  };
}
