import { X12Interchange, X12Parser, type X12SerializationOptions } from 'node-x12';
import type { InterchangeControls } from '../control-numbers.ts';
import { EdiError } from '../errors.ts';

/** A segment to write: tag, then element values. */
export type Segment = readonly [tag: string, ...elements: string[]];

export interface OutboundSet {
  /** ST01. */
  id: string;
  /** Everything between ST and SE. */
  segments: Segment[];
}

export interface Parties {
  qualifier: string;
  sender: string;
  receiver: string;
}

/** What we send: `*` elements, `~` segments, `>` components, one segment per line (the partner's agreement). */
export const outboundFormat: X12SerializationOptions = {
  elementDelimiter: '*',
  segmentTerminator: '~',
  subElementDelimiter: '>',
  endOfLine: '\n',
  format: true,
};

// X12 has no escape character: a delimiter inside data would split the element, so it is blanked.
const sanitize = (value: string) => value.replace(/[*~>^\r\n]/g, ' ').trim();

function withoutTrailingEmpties(elements: readonly string[]): string[] {
  const out = elements.map(sanitize);
  while (out.length > 1 && out[out.length - 1] === '') out.pop();
  return out;
}

const iso = (at: Date) => at.toISOString();
/** CCYYMMDD, UTC. */
export const dateOf = (at: Date) => iso(at).slice(0, 10).replaceAll('-', '');
/** HHMM, UTC. */
export const timeOf = (at: Date) => iso(at).slice(11, 13) + iso(at).slice(14, 16);

/**
 * One interchange with one functional group, built with node-x12's object model (which keeps
 * SE01, GE01 and IEA01 counting as segments and sets are added) and checked by parsing it back
 * strictly before anything is written.
 */
export function buildInterchange(input: { parties: Parties; functionalId: string; sets: OutboundSet[]; controls: InterchangeControls; at: Date; usageIndicator: 'P' | 'T' }): string {
  const { parties, at, controls } = input;
  const interchange = new X12Interchange(outboundFormat);
  interchange.setHeader([
    '00', '', '00', '', parties.qualifier, parties.sender, parties.qualifier, parties.receiver,
    dateOf(at).slice(2), timeOf(at), 'U', '00401', String(controls.interchange), '0', input.usageIndicator, '>',
  ]);
  const group = interchange.addFunctionalGroup();
  group.setHeader([input.functionalId, parties.sender, parties.receiver, dateOf(at), timeOf(at), String(controls.group), 'X', '004010']);
  input.sets.forEach((set, i) => {
    const transaction = group.addTransaction();
    transaction.setHeader([set.id, String(i + 1).padStart(4, '0')]);
    for (const [tag, ...elements] of set.segments) transaction.addSegment(tag, withoutTrailingEmpties(elements));
  });
  const text = interchange.toString(outboundFormat);
  new X12Parser(true).parse(text);
  return text;
}

export interface ReceivedInterchange {
  interchange: X12Interchange;
  sender: string;
  receiver: string;
  /** ISA13 as a number. */
  controlNumber: number;
  /** `sender:ISA13`: the key X12 partners de-duplicate interchanges by. */
  key: string;
}

/**
 * Parses a received file strictly: node-x12 checks SE01 against the segment count, ST02/SE02,
 * GE01/GE02 against the sets and GS06, IEA01/IEA02 against the groups and ISA13, and the fixed ISA
 * width. Trailers that are missing altogether (a truncated file) are caught here as well.
 */
export function parseInterchanges(text: string, file: string): ReceivedInterchange[] {
  let parsed;
  try {
    parsed = new X12Parser(true).parse(text.replace(/^\uFEFF/, ''));
  } catch (cause) {
    throw new EdiError('EDI_PARSE_FAILED', `${file} is not a valid X12 interchange: ${(cause as Error).message}`, file, { cause });
  }
  const interchanges = (Array.isArray(parsed) ? [...parsed] : [parsed]) as X12Interchange[];
  return interchanges.map((interchange) => {
    const broken = (what: string) => new EdiError('EDI_PARSE_FAILED', `${file}: ${what}`, file);
    if (!interchange.trailer) throw broken('IEA trailer missing (truncated file?)');
    if (interchange.header.valueOf(12) !== '00401') throw broken(`ISA12 ${interchange.header.valueOf(12)} is not version 00401`);
    for (const group of interchange.functionalGroups) {
      if (!group.trailer) throw broken(`GE trailer of group ${group.header.valueOf(6)} missing`);
      if (!group.header.valueOf(8, '')!.startsWith('004010')) throw broken(`GS08 ${group.header.valueOf(8)} is not 004010`);
      if (group.transactions.some((t) => !t.trailer)) throw broken(`an SE trailer is missing in group ${group.header.valueOf(6)}`);
    }
    const sender = interchange.header.valueOf(6, '')!.trim();
    const controlNumber = Number(interchange.header.valueOf(13));
    return { interchange, sender, receiver: interchange.header.valueOf(8, '')!.trim(), controlNumber, key: `${sender}:${controlNumber}` };
  });
}
