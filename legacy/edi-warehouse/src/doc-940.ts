import type { X12Segment, X12Transaction } from 'node-x12';
import type { ShipTo } from './doc-945.ts';
import type { ElementError, SegmentError } from './doc-997.ts';

export interface ShippingOrder {
  /** W05 02: the depositor's order number, the key the warehouse de-duplicates on. */
  orderReference: string;
  purchaseOrder: string | null;
  shipTo: ShipTo;
  /** W66 05: the carrier or service the depositor asked for. */
  routing: string | null;
  lines: { sku: string; quantity: number; description: string | null }[];
}

export type Read940 = { ok: true; order: ShippingOrder } | { ok: false; errors: SegmentError[] };

/** Segments this warehouse's 940 implementation guide allows. */
const allowed = new Set(['W05', 'N1', 'N2', 'N3', 'N4', 'N9', 'G61', 'G62', 'NTE', 'W66', 'LX', 'W01', 'G69', 'W76']);
const n1Loop = new Set(['N2', 'N3', 'N4', 'G61']);

/** Collects AK3/AK4 findings while a 940 is read. */
class Findings {
  readonly errors: SegmentError[] = [];

  segment(segmentId: string, position: number, code: string, loopId?: string): void {
    this.errors.push({ segmentId, position, code, elements: [], ...(loopId ? { loopId } : {}) });
  }

  /** Checks one element; returns its value ('' when it failed). */
  element(segment: X12Segment, position: number, index: number, rule: { reference?: string; pattern?: RegExp; code?: string; max?: number }, loopId?: string): string {
    const value = segment.valueOf(index, '')!.trim();
    let error: ElementError | undefined;
    if (value === '') error = { position: index, code: '1' };
    else if (rule.max !== undefined && value.length > rule.max) error = { position: index, code: '5', badValue: value };
    else if (rule.pattern && !rule.pattern.test(value)) error = { position: index, code: rule.code ?? '7', badValue: value };
    if (!error) return value;
    if (rule.reference) error.reference = rule.reference;
    let owner = this.errors.find((e) => e.position === position && e.segmentId === segment.tag);
    if (!owner) {
      owner = { segmentId: segment.tag, position, code: '8', elements: [], ...(loopId ? { loopId } : {}) };
      this.errors.push(owner);
    }
    owner.elements.push(error);
    return '';
  }
}

/**
 * Reads and validates a 940 Warehouse Shipping Order against this warehouse's guide, reporting
 * problems the way a 997 does (AK3 segment, AK4 element). Business questions (is the SKU stocked?)
 * are not syntax: an unknown SKU is accepted here and reported on the 945 instead.
 */
export function read940(transaction: X12Transaction): Read940 {
  const found = new Findings();
  const segments = transaction.segments;
  const at = (i: number) => i + 2;

  const w05Index = segments.findIndex((s) => s.tag === 'W05');
  let orderReference = '';
  let purchaseOrder: string | null = null;
  if (w05Index !== 0) found.segment('W05', 2, w05Index < 0 ? '3' : '7');
  if (w05Index >= 0) {
    const w05 = segments[w05Index]!;
    found.element(w05, at(w05Index), 1, { pattern: /^N$/ });
    orderReference = found.element(w05, at(w05Index), 2, { max: 22 });
    purchaseOrder = w05.valueOf(3, '')!.trim() || null;
  }

  let shipTo: ShipTo | null = null;
  const n1Index = segments.findIndex((s) => s.tag === 'N1' && s.valueOf(1) === 'ST');
  if (n1Index < 0) found.segment('N1', at(Math.max(w05Index, 0) + 1), '3', 'N1');
  else {
    const loop: X12Segment[] = [];
    for (let i = n1Index + 1; i < segments.length && n1Loop.has(segments[i]!.tag); i++) loop.push(segments[i]!);
    const n1 = segments[n1Index]!;
    const name = found.element(n1, at(n1Index), 2, { reference: '93', max: 60 }, 'N1');
    const n3 = loop.find((s) => s.tag === 'N3');
    const n4 = loop.find((s) => s.tag === 'N4');
    const pos = (s: X12Segment) => at(segments.indexOf(s));
    if (!n3) found.segment('N3', at(n1Index) + 1, '3', 'N1');
    if (!n4) found.segment('N4', at(n1Index) + 1 + (n3 ? 1 : 0), '3', 'N1');
    if (n3 && n4) {
      shipTo = {
        name,
        line1: found.element(n3, pos(n3), 1, { reference: '166', max: 55 }, 'N1'),
        line2: n3.valueOf(2, '')!.trim() || null,
        city: found.element(n4, pos(n4), 1, { reference: '19', max: 30 }, 'N1'),
        province: n4.valueOf(2, '')!.trim() || null,
        postalCode: found.element(n4, pos(n4), 3, { reference: '116', max: 15 }, 'N1'),
        countryCode: found.element(n4, pos(n4), 4, { reference: '26', pattern: /^[A-Z]{2}$/ }, 'N1'),
      };
    }
  }

  const lines: ShippingOrder['lines'] = [];
  let routing: string | null = null;
  segments.forEach((segment, i) => {
    if (!allowed.has(segment.tag)) found.segment(segment.tag, at(i), '1');
    if (segment.tag === 'W66') routing = segment.valueOf(5, '')!.trim() || null;
    if (segment.tag !== 'W01') return;
    if (segments[i - 1]?.tag !== 'LX') found.segment('W01', at(i), '2', 'LX');
    const quantity = found.element(segment, at(i), 1, { reference: '330', pattern: /^[1-9]\d{0,5}$/, code: '6' }, 'LX');
    found.element(segment, at(i), 2, { reference: '355', pattern: /^EA$/ }, 'LX');
    found.element(segment, at(i), 4, { reference: '235', pattern: /^(SK|VN)$/ }, 'LX');
    const sku = found.element(segment, at(i), 5, { reference: '234', max: 48 }, 'LX');
    const g69 = segments[i + 1]?.tag === 'G69' ? segments[i + 1]!.valueOf(1, '')!.trim() : '';
    lines.push({ sku, quantity: Number(quantity), description: g69 || null });
  });
  if (lines.length === 0) found.segment('W01', at(segments.length), '3', 'LX');

  if (found.errors.length > 0 || !shipTo) return { ok: false, errors: found.errors };
  return { ok: true, order: { orderReference, purchaseOrder, shipTo, routing, lines } };
}
