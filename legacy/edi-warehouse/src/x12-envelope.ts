import { JSEDINotation, X12Generator, X12Parser, type X12Interchange, type X12SerializationOptions } from 'node-x12';
import type { Controls } from './control-numbers.ts';

/** One segment as tag + element values. */
export type Segment = [tag: string, ...elements: string[]];

export interface TransactionSet {
  /** ST01: 846, 945, 997. */
  id: string;
  /** The body between ST and SE. */
  segments: Segment[];
}

export interface InterchangeInput {
  sender: string;
  receiver: string;
  /** GS01: IB (846), SW (945), FA (997). */
  functionalId: string;
  transactions: TransactionSet[];
  controls: Controls;
  at: Date;
  usageIndicator: 'P' | 'T';
}

/** The warehouse's delimiters, as its trading partner agreement states them: `*` elements, `~` segments, `>` components; one segment per line. */
export const serialization: X12SerializationOptions = {
  elementDelimiter: '*',
  segmentTerminator: '~',
  subElementDelimiter: '>',
  endOfLine: '\n',
  format: true,
};

// Delimiters inside data would split elements; X12 has no escaping, so they are blanked out.
const reserved = /[*~>^\r\n]/g;
const clean = (value: string) => value.replace(reserved, ' ').trim();

/** CCYYMMDD in UTC (the agreement fixes all dates and times to UTC). */
export const x12Date = (at: Date) => at.toISOString().slice(0, 10).replaceAll('-', '');
/** HHMM, HHMMSS, or HHMMSSDD with hundredths where a report needs ordering finer than a second. */
export function x12Time(at: Date, precision: 'minutes' | 'seconds' | 'hundredths' = 'minutes'): string {
  const iso = at.toISOString();
  const hhmm = iso.slice(11, 13) + iso.slice(14, 16);
  if (precision === 'minutes') return hhmm;
  return precision === 'seconds' ? hhmm + iso.slice(17, 19) : `${hhmm}${iso.slice(17, 19)}${iso.slice(20, 22)}`;
}

/**
 * Builds one interchange (ISA/GS/ST…SE/GE/IEA) with node-x12's generator, which pads the ISA to its
 * fixed width, counts SE01/GE01/IEA01 and re-parses the result strictly before returning it.
 */
export function writeInterchange(input: InterchangeInput): string {
  const isa = [
    '00', '', '00', '',
    'ZZ', input.sender, 'ZZ', input.receiver,
    x12Date(input.at).slice(2), x12Time(input.at),
    'U', '00401', String(input.controls.interchange), '0', input.usageIndicator, '>',
  ];
  const jsen = new JSEDINotation(isa, serialization);
  const group = jsen.addFunctionalGroup([
    input.functionalId, input.sender, input.receiver, x12Date(input.at), x12Time(input.at), String(input.controls.group), 'X', '004010',
  ]);
  input.transactions.forEach((set, i) => {
    const transaction = group.addTransaction([set.id, String(i + 1).padStart(4, '0')]);
    for (const [tag, ...elements] of set.segments) transaction.addSegment(tag, trimTrailing(elements.map(clean)));
  });
  return new X12Generator(jsen, serialization).toString();
}

/** Optional trailing elements are left off rather than sent empty (`N4*Venlo**5928PR`, not `...*5928PR**`). */
function trimTrailing(elements: string[]): string[] {
  let end = elements.length;
  while (end > 1 && elements[end - 1] === '') end--;
  return elements.slice(0, end);
}

/**
 * Parses what a partner sent, leniently: envelope count mismatches do not throw, so that the
 * warehouse can answer them in a 997 (AK5/AK9) instead of dropping the file. Throws on input that
 * is not X12 at all.
 */
export function readInterchange(text: string): X12Interchange {
  if (!text.startsWith('ISA')) throw new Error('not an X12 interchange: it does not start with ISA');
  const parsed = new X12Parser(false).parse(text);
  const interchange = (Array.isArray(parsed) ? parsed[0] : parsed) as X12Interchange | undefined;
  if (!interchange?.header) throw new Error('no ISA segment could be read');
  return interchange;
}
