import type { X12Transaction } from 'node-x12';
import { value } from './segments.ts';

export interface AckError {
  /** AK3: segment id, position in the set (ST = 1), loop, syntax error code. */
  segmentId: string;
  position: number;
  loopId: string | null;
  code: string;
  /** AK4s under it: element position, data element number, error code, copy of the bad value. */
  elements: { position: string; reference: string | null; code: string; badValue: string | null }[];
}

export interface SetAck {
  setId: string;
  controlNumber: string;
  /** AK501: A accepted, E accepted with errors, R rejected (M/W/X are rejections too). */
  code: string;
  setErrorCodes: string[];
  errors: AckError[];
}

export interface FunctionalAck {
  /** AK101/AK102: which of our groups this acknowledges. */
  functionalId: string;
  groupControlNumber: number;
  /** AK901: A, E, P (partially accepted) or R. */
  code: string;
  sets: SetAck[];
  groupErrorCodes: string[];
}

/** Reads a 997: AK1, then per set AK2 with its AK3/AK4 findings and AK5 verdict, then AK9. */
export function read997(transaction: X12Transaction): FunctionalAck {
  const segments = transaction.segments;
  const ak1 = segments.find((s) => s.tag === 'AK1');
  const ak9 = segments.find((s) => s.tag === 'AK9');
  if (!ak1 || !ak9) throw new Error('997 without AK1 or AK9');
  const codes = (from: number, s: (typeof segments)[number]) => s.elements.slice(from - 1).map((e) => e.value.trim()).filter(Boolean);
  const sets: SetAck[] = [];
  for (const segment of segments) {
    const current = sets.at(-1);
    if (segment.tag === 'AK2') sets.push({ setId: value(segment, 1) ?? '', controlNumber: value(segment, 2) ?? '', code: '', setErrorCodes: [], errors: [] });
    else if (segment.tag === 'AK3' && current) {
      current.errors.push({ segmentId: value(segment, 1) ?? '', position: Number(value(segment, 2)), loopId: value(segment, 3), code: value(segment, 4) ?? '', elements: [] });
    } else if (segment.tag === 'AK4' && current?.errors.at(-1)) {
      current.errors.at(-1)!.elements.push({ position: value(segment, 1) ?? '', reference: value(segment, 2), code: value(segment, 3) ?? '', badValue: value(segment, 4) });
    } else if (segment.tag === 'AK5' && current) {
      current.code = value(segment, 1) ?? '';
      current.setErrorCodes = codes(2, segment);
    }
  }
  return {
    functionalId: value(ak1, 1) ?? '',
    groupControlNumber: Number(value(ak1, 2)),
    code: value(ak9, 1) ?? '',
    sets,
    groupErrorCodes: codes(5, ak9),
  };
}
