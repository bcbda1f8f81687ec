/** The parcel carriers ShipBob buys labels from for US shipments, with their public tracking pages. */
const carriers = [
  { name: 'UPS', service: 'Ground', url: 'https://www.ups.com/track?tracknum=', number: (n: string) => `1Z${n.slice(0, 6)}03${n.slice(6, 16)}` },
  { name: 'USPS', service: 'Ground Advantage', url: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=', number: (n: string) => `9400${n.slice(0, 18)}` },
  { name: 'FedEx', service: 'Home Delivery', url: 'https://www.fedex.com/fedextrack/?trknbr=', number: (n: string) => n.slice(0, 12) },
] as const;

/** Deterministic carrier and tracking number for a shipment the stand-in ships (same id, same label). */
export function pickCarrier(shipmentId: number): { name: string; service: string; url: string; trackingNumber: string } {
  const carrier = carriers[shipmentId % carriers.length]!;
  // A digit string long enough for every carrier's format, stable per shipment.
  let digits = '';
  for (let x = (shipmentId % 2_147_483_646) + 1; digits.length < 24; ) {
    x = (x * 48_271) % 2_147_483_647;
    digits += String(x % 10_000).padStart(4, '0');
  }
  const trackingNumber = carrier.number(digits);
  return { name: carrier.name, service: carrier.service, url: carrier.url + trackingNumber, trackingNumber };
}
