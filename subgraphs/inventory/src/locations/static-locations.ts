import { z } from 'zod';

/**
 * Locations of systems that publish no location list: the EU warehouse speaks only X12 files, and
 * the ERP's plant master is not among the APIs we use. Configured (env `STATIC_LOCATIONS`, JSON),
 * with the retailer's two sites as the defaults.
 */
export const staticLocationsSchema = z.array(
  z.object({
    system: z.enum(['3pl-eu', 'erp']),
    nativeId: z.string().min(1),
    name: z.string().min(1),
    type: z.enum(['STORE', 'FULFILLMENT_CENTER', 'WAREHOUSE']),
    address: z.object({
      line1: z.string().min(1),
      line2: z.string().nullable().default(null),
      city: z.string().min(1),
      province: z.string().nullable().default(null),
      postalCode: z.string().nullable().default(null),
      countryCode: z.string().length(2),
    }),
    timezone: z.string().nullable().default(null),
    latitude: z.number().min(-90).max(90).nullable().default(null),
    longitude: z.number().min(-180).max(180).nullable().default(null),
  }),
);

export type StaticLocation = z.output<typeof staticLocationsSchema>[number];

export const defaultStaticLocations: z.input<typeof staticLocationsSchema> = [
  {
    system: '3pl-eu', nativeId: 'VEN1', name: 'EU Fulfilment Venlo', type: 'WAREHOUSE', timezone: 'Europe/Amsterdam',
    address: { line1: 'Celsiusweg 30', city: 'Venlo', postalCode: '5928 PR', countryCode: 'NL' }, latitude: 51.3975, longitude: 6.1402,
  },
  {
    system: 'erp', nativeId: '1000', name: 'Memphis B2B Distribution Centre', type: 'WAREHOUSE', timezone: 'America/Chicago',
    address: { line1: '4500 Distriplex Farms Dr', city: 'Memphis', province: 'TN', postalCode: '38141', countryCode: 'US' }, latitude: 35.018, longitude: -89.847,
  },
];
