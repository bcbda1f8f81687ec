import type { LocationRecord } from '@ucg/connector-core';
import type { WireLocation } from '../wire.ts';

/** ShipBob reports Windows time-zone names; the graph speaks IANA. */
const IANA: Record<string, string> = {
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'US Mountain Standard Time': 'America/Phoenix',
  'Pacific Standard Time': 'America/Los_Angeles',
  'GMT Standard Time': 'Europe/London',
  'W. Europe Standard Time': 'Europe/Berlin',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'Eastern Standard Time (Mexico)': 'America/Cancun',
  'Canada Central Standard Time': 'America/Regina',
};

/** A fulfilment centre; its postal address is the one ShipBob publishes for its Receiving service. */
export function mapLocation(l: WireLocation): LocationRecord {
  const services = l.services ?? [];
  const a = (services.find((s) => s.service_type === 'Receiving') ?? services[0])?.address;
  return {
    system: '3pl-us',
    nativeId: String(l.id),
    name: l.name ?? l.abbreviation ?? `FC ${l.id}`,
    type: 'FULFILLMENT_CENTER',
    address: a?.address1 && a.city && a.country
      ? { line1: a.address1, line2: a.address2 ?? null, city: a.city, province: a.state ?? null, postalCode: a.zip_code ?? null, countryCode: a.country }
      : null,
    timezone: l.timezone ? IANA[l.timezone] ?? null : null,
    active: l.is_active ?? true,
  };
}
