import type { X12Transaction } from 'node-x12';
import type { Segment, TransactionSet } from './x12-envelope.ts';

/** AK4: one bad element. */
export interface ElementError {
  /** Position in the segment (1-based). */
  position: number;
  /** Data element reference number, where the standard's number is certain. */
  reference?: string;
  /** 1 missing, 2 conditional missing, 4 too short, 5 too long, 6 invalid character, 7 invalid code value, 8 invalid date. */
  code: string;
  badValue?: string;
}

/** AK3: one bad (or missing) segment, with its element errors. */
export interface SegmentError {
  segmentId: string;
  /** Position in the transaction set, ST = 1. */
  position: number;
  loopId?: string;
  /** 1 unrecognized, 2 unexpected, 3 mandatory missing, 8 has data element errors. */
  code: string;
  elements: ElementError[];
}

export interface SetResult {
  setId: string;
  controlNumber: string;
  segmentErrors: SegmentError[];
  /** AK502..: 1 not supported, 2 trailer missing, 3 control numbers differ, 4 segment count wrong, 5 segments in error. */
  setErrorCodes: string[];
}

export interface GroupResult {
  functionalId: string;
  groupControlNumber: string;
  /** GE01 as sent (what the partner says it included). */
  includedCount: number;
  sets: SetResult[];
  /** AK905..: 1 group not supported, 2 version not supported, 3 trailer missing, 4 control numbers differ, 5 set count wrong. */
  groupErrorCodes: string[];
}

const accepted = (set: SetResult) => set.segmentErrors.length === 0 && set.setErrorCodes.length === 0;

/** 997 Functional Acknowledgment for one received group: AK1, AK2/AK3/AK4/AK5 per set, AK9. */
export function functionalAck(group: GroupResult): TransactionSet {
  // A group whose envelope is wrong is rejected as a whole, whatever its sets look like.
  const ok = (set: SetResult) => group.groupErrorCodes.length === 0 && accepted(set);
  const segments: Segment[] = [['AK1', group.functionalId, group.groupControlNumber]];
  for (const set of group.sets) {
    segments.push(['AK2', set.setId, set.controlNumber]);
    for (const error of set.segmentErrors) {
      segments.push(['AK3', error.segmentId, String(error.position), error.loopId ?? '', error.code]);
      for (const e of error.elements) segments.push(['AK4', String(e.position), e.reference ?? '', e.code, e.badValue ?? '']);
    }
    segments.push(['AK5', ok(set) ? 'A' : 'R', ...set.setErrorCodes.slice(0, 5)]);
  }
  const acceptedCount = group.sets.filter(ok).length;
  const code = acceptedCount === 0 ? 'R' : acceptedCount === group.sets.length ? 'A' : 'P';
  segments.push(['AK9', code, String(group.includedCount), String(group.sets.length), String(acceptedCount), ...group.groupErrorCodes.slice(0, 5)]);
  return { id: '997', segments };
}

export interface ReceivedAck {
  /** AK101: the functional id of the group being acknowledged. */
  functionalId: string;
  /** AK102: its GS06. */
  groupControlNumber: string;
  /** AK901: A, E, P or R. */
  code: string;
}

/** Reads what a partner's 997 says about one of the warehouse's groups. */
export function readFunctionalAck(transaction: X12Transaction): ReceivedAck | null {
  const ak1 = transaction.segments.find((s) => s.tag === 'AK1');
  const ak9 = transaction.segments.find((s) => s.tag === 'AK9');
  if (!ak1 || !ak9) return null;
  return { functionalId: ak1.valueOf(1, ''), groupControlNumber: String(Number(ak1.valueOf(2, ''))), code: ak9.valueOf(1, '') };
}
