import type { GraphLocation } from '../locations/directory.ts';
import type { SkuStock } from './stock-reader.ts';

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

export interface PickupOption {
  location: GraphLocation;
  distanceKm: number | null;
  available: number;
  readyIn: string;
}

/** Mean Earth radius (IUGG), km. */
const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance (haversine), km, rounded to metres. */
export function distanceKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h))) * 1000) / 1000;
}

/**
 * Stores that can hand the item over: pickup-enabled stores holding at least one unit the carts have
 * not reserved. Nearest first when `near` is given (stores without coordinates last), otherwise most
 * units first. Rule for `readyIn`: the store holds the item, so it is picked from its own shelf
 * within `readyIn` (configured, PT2H by default, as Shopify's standard "usually ready in 2 hours").
 */
export function pickupOptions(stock: SkuStock, near: GeoPoint | null, first: number, readyIn: string): PickupOption[] {
  const options = stock.levels
    .filter((l) => l.location.pickupEnabled && l.available > 0)
    .map((l) => {
      const { latitude, longitude } = l.location;
      const distance = near && latitude !== null && longitude !== null ? distanceKm(near, { latitude, longitude }) : null;
      return { location: l.location, distanceKm: distance, available: l.available, readyIn };
    });
  options.sort((a, b) => {
    if (near) {
      const da = a.distanceKm ?? Number.POSITIVE_INFINITY;
      const db = b.distanceKm ?? Number.POSITIVE_INFINITY;
      if (da !== db) return da - db;
    } else if (a.available !== b.available) return b.available - a.available;
    return a.location.id < b.location.id ? -1 : a.location.id > b.location.id ? 1 : 0;
  });
  return options.slice(0, first);
}
