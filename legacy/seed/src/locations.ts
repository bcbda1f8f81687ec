import type { Location } from './types.ts';

/**
 * Where stock lives. Retail stores are Shopify POS locations; fulfilment centres are ShipBob's;
 * the EU warehouse talks EDI only; the ERP plant is the retailer's own B2B distribution centre.
 */
export const locations: Location[] = [
  store('70001', 'SoHo Flagship', '112 Prince St', 'New York', 'NY', '10012', 'US', 40.7247, -73.9986, 'America/New_York'),
  store('70002', 'Williamsburg', '205 N 6th St', 'Brooklyn', 'NY', '11211', 'US', 40.7183, -73.9573, 'America/New_York'),
  store('70003', 'Back Bay', '350 Newbury St', 'Boston', 'MA', '02115', 'US', 42.3484, -71.0862, 'America/New_York'),
  store('70004', 'River North', '60 W Hubbard St', 'Chicago', 'IL', '60654', 'US', 41.8899, -87.6302, 'America/Chicago'),
  store('70005', 'Pearl District', '1025 NW Couch St', 'Portland', 'OR', '97209', 'US', 45.5240, -122.6819, 'America/Los_Angeles'),
  store('70006', 'Hayes Valley', '400 Hayes St', 'San Francisco', 'CA', '94102', 'US', 37.7766, -122.4241, 'America/Los_Angeles'),
  store('70007', 'LoDo', '1600 Wazee St', 'Denver', 'CO', '80202', 'US', 39.7519, -104.9995, 'America/Denver'),
  store('70008', 'Covent Garden', '21 Long Acre', 'London', undefined, 'WC2E 9LY', 'GB', 51.5123, -0.1246, 'Europe/London'),
  store('70009', 'Mitte', 'Rosenthaler Str. 40', 'Berlin', undefined, '10178', 'DE', 52.5262, 13.4019, 'Europe/Berlin'),
  store('70010', 'De Negen Straatjes', 'Herenstraat 14', 'Amsterdam', undefined, '1015 CA', 'NL', 52.3771, 4.8880, 'Europe/Amsterdam'),
  {
    system: '3pl-us', nativeId: '156', name: 'ShipBob Cicero (IL)', type: 'FULFILLMENT_CENTER', sellable: true, pickup: false,
    address: { line1: '5900 W Ogden Ave', city: 'Cicero', province: 'IL', postalCode: '60804', countryCode: 'US' }, latitude: 41.8297, longitude: -87.7712, timezone: 'America/Chicago',
  },
  {
    system: '3pl-us', nativeId: '158', name: 'ShipBob Moreno Valley (CA)', type: 'FULFILLMENT_CENTER', sellable: true, pickup: false,
    address: { line1: '17800 Perris Blvd', city: 'Moreno Valley', province: 'CA', postalCode: '92551', countryCode: 'US' }, latitude: 33.8781, longitude: -117.2259, timezone: 'America/Los_Angeles',
  },
  {
    system: '3pl-us', nativeId: '161', name: 'ShipBob Bethlehem (PA)', type: 'FULFILLMENT_CENTER', sellable: true, pickup: false,
    address: { line1: '3800 Commerce Center Blvd', city: 'Bethlehem', province: 'PA', postalCode: '18015', countryCode: 'US' }, latitude: 40.5934, longitude: -75.3397, timezone: 'America/New_York',
  },
  {
    system: '3pl-us', nativeId: '167', name: 'ShipBob Dallas (TX)', type: 'FULFILLMENT_CENTER', sellable: true, pickup: false,
    address: { line1: '2100 Airfield Dr', city: 'Dallas', province: 'TX', postalCode: '75261', countryCode: 'US' }, latitude: 32.8998, longitude: -97.0403, timezone: 'America/Chicago',
  },
  {
    system: '3pl-eu', nativeId: 'VEN1', name: 'EU Fulfilment Venlo', type: 'WAREHOUSE', sellable: true, pickup: false,
    address: { line1: 'Celsiusweg 30', city: 'Venlo', postalCode: '5928 PR', countryCode: 'NL' }, latitude: 51.3975, longitude: 6.1402, timezone: 'Europe/Amsterdam',
  },
  {
    system: 'erp', nativeId: '1000', name: 'Memphis B2B Distribution Centre', type: 'WAREHOUSE', sellable: true, pickup: false,
    address: { line1: '4500 Distriplex Farms Dr', city: 'Memphis', province: 'TN', postalCode: '38141', countryCode: 'US' }, latitude: 35.0180, longitude: -89.8470, timezone: 'America/Chicago',
  },
];

function store(
  nativeId: string, name: string, line1: string, city: string, province: string | undefined, postalCode: string,
  countryCode: string, latitude: number, longitude: number, timezone: string,
): Location {
  return {
    system: 'webstore', nativeId, name, type: 'STORE', sellable: true, pickup: true, timezone,
    address: { line1, city, ...(province ? { province } : {}), postalCode, countryCode }, latitude, longitude,
  };
}
