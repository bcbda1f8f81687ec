import type { LocationRecord } from '@ucg/connector-core';
import type { ShipBobClient } from './client.ts';
import { mapLocation } from './map/location.ts';
import type { WireLocation } from './wire.ts';

/** The fulfilment centres this account can ship from (ShipBob also lists network sites it has no access to). */
export async function locations(client: ShipBobClient): Promise<LocationRecord[]> {
  const all = await client.http.json<WireLocation[]>({ path: client.path('location') });
  return all.filter((l) => l.access_granted !== false && l.is_shipping_enabled !== false && l.is_active !== false).map(mapLocation);
}
