import { x12Date, x12Time, type Segment, type TransactionSet } from './x12-envelope.ts';

export interface ShipTo {
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  province?: string | null;
  postalCode: string;
  countryCode: string;
}

export interface ShippedLine {
  sku: string;
  ordered: number;
  shipped: number;
  /** The warehouse does not know the item at all. */
  unknown?: boolean;
}

export interface ShippingAdviceInput {
  orderReference: string;
  purchaseOrder?: string | null;
  shipmentId: string;
  shippedAt: Date;
  shipFrom: { code: string; name: string };
  shipTo: ShipTo;
  carrier: { name: string; scac: string } | null;
  trackingNumber: string | null;
  lines: ShippedLine[];
  weightKg: number;
}

/** W12 01: shipped complete, partial (no backorder), out of stock, or item cancelled (unknown SKU). */
function lineStatus(line: ShippedLine): string {
  if (line.unknown) return 'IC';
  if (line.shipped >= line.ordered) return 'CC';
  return line.shipped > 0 ? 'CP' : 'DS';
}

/**
 * 945 Warehouse Shipping Advice as this warehouse sends it, one per shipment:
 *
 * - W06*F*<depositor order no>*<ship date>*<shipment id>**<PO no>
 * - N1*SF (ship-from warehouse), N1*ST/N3/N4 (ship-to as the 940 gave it)
 * - N9*2I*<tracking number>, G62*11*<date>*8*<time> (shipped on, UTC), W27*U*<SCAC>*<carrier name>
 * - LX*n + W12*<status>*<ordered>*<shipped>*<difference>*EA**SK*<sku> per line
 * - W03*<units shipped>*<weight>*KG
 */
export function shippingAdvice(input: ShippingAdviceInput): TransactionSet {
  const { shipTo } = input;
  const segments: Segment[] = [
    ['W06', 'F', input.orderReference, x12Date(input.shippedAt), input.shipmentId, '', input.purchaseOrder ?? ''],
    ['N1', 'SF', input.shipFrom.name, 'ZZ', input.shipFrom.code],
    ['N1', 'ST', shipTo.name],
    ['N3', shipTo.line1, shipTo.line2 ?? ''],
    ['N4', shipTo.city, shipTo.province ?? '', shipTo.postalCode, shipTo.countryCode],
  ];
  if (input.trackingNumber) segments.push(['N9', '2I', input.trackingNumber]);
  segments.push(['G62', '11', x12Date(input.shippedAt), '8', x12Time(input.shippedAt, 'seconds')]);
  if (input.carrier) segments.push(['W27', 'U', input.carrier.scac, input.carrier.name]);
  input.lines.forEach((line, i) => {
    segments.push(
      ['LX', String(i + 1)],
      ['W12', lineStatus(line), String(line.ordered), String(line.shipped), String(line.ordered - line.shipped), 'EA', '', 'SK', line.sku],
    );
  });
  const units = input.lines.reduce((sum, l) => sum + l.shipped, 0);
  segments.push(['W03', String(units), input.weightKg.toFixed(2), 'KG']);
  return { id: '945', segments };
}
