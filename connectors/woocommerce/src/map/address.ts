import type { PostalAddress } from '@ucg/connector-core';
import type { WooAddress } from '../types.ts';

/** A WooCommerce billing/shipping block as a postal address (none when it holds no address). */
export function mapAddress(a: WooAddress | undefined): PostalAddress | null {
  if (!a || (!a.address_1 && !a.city)) return null;
  return {
    line1: a.address_1,
    line2: a.address_2 || null,
    city: a.city,
    province: a.state || null,
    postalCode: a.postcode || null,
    countryCode: a.country,
  };
}
