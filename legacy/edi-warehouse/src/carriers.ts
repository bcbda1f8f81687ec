import { createHash } from 'node:crypto';

export interface Carrier {
  name: string;
  /** The carrier code as this warehouse's carrier table has it (sent in W27 02). */
  scac: string;
  tracking: (digits: (n: number) => string) => string;
}

/** The parcel carriers the Venlo warehouse has contracts with, with their tracking number formats. */
const carriers: Carrier[] = [
  { name: 'DHL', scac: 'DHLC', tracking: (d) => `JJD${d(18)}` },
  { name: 'DPD', scac: 'DPDG', tracking: (d) => `0${d(13)}` },
  { name: 'Royal Mail', scac: 'RMLG', tracking: (d) => `RB${d(9)}GB` },
];

/** A carrier of the table by its name (`DHL`, `DPD`, `Royal Mail`). */
export function carrierNamed(name: string): Carrier | undefined {
  return carriers.find((c) => c.name === name);
}

/**
 * The carrier for a shipment: the one the 940 asked for when the warehouse has it, Royal Mail for
 * Great Britain, otherwise DHL or DPD by lane (stable per order, so re-runs pick the same).
 */
export function chooseCarrier(routing: string | null, countryCode: string, orderReference: string): Carrier {
  const asked = routing ? carriers.find((c) => routing.toUpperCase().includes(c.name.toUpperCase())) : undefined;
  if (asked) return asked;
  if (countryCode === 'GB') return carriers[2]!;
  return createHash('sha256').update(orderReference).digest()[0]! % 2 === 0 ? carriers[0]! : carriers[1]!;
}

/** A tracking number in the carrier's format, derived from the shipment id so that it is reproducible. */
export function trackingNumber(carrier: Carrier, shipmentId: string): string {
  const hash = createHash('sha256').update(`${carrier.name}:${shipmentId}`).digest();
  const digits = (n: number) => Array.from({ length: n }, (_, i) => String(hash[i % hash.length]! % 10)).join('');
  return carrier.tracking(digits);
}
