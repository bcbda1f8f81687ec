import { mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JSEDINotation, X12Generator, X12Parser, type X12Interchange } from 'node-x12';
import { createEdiStandIn, type EdiStandIn, type EdiStandInOptions } from '../src/index.ts';

process.env.UCG_LEGACY_LATENCY = 'off';

export interface Running {
  standIn: EdiStandIn;
  dir: string;
  url: string;
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
export async function closeAll(): Promise<void> {
  await Promise.all(cleanups.splice(0).map((c) => c()));
}

/** A warehouse on a fresh exchange folder, a small retailer, fast polling, HTTP on a free port. */
export async function startWarehouse(options: EdiStandInOptions = {}, dir = mkdtempSync(join(tmpdir(), 'edi-wh-'))): Promise<Running> {
  const standIn = createEdiStandIn({ seed: { scale: 0.05 }, pollIntervalMs: 10, pickDelayMs: 0, snapshotIntervalMs: 0, historyDays: 30, ...options, exchangeDir: dir });
  const url = await standIn.app.listen({ port: 0, host: '127.0.0.1' });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await standIn.app.close();
  };
  cleanups.push(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { standIn, dir, url, close };
}

export const fromWarehouse = (dir: string) => join(dir, 'from-warehouse');

/** Names of the files the warehouse has written so far, oldest (lowest ISA13) first. */
export function outbox(dir: string, folder = 'from-warehouse'): string[] {
  return readdirSync(join(dir, folder), { withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort((a, b) => a.split('_')[2]!.localeCompare(b.split('_')[2]!));
}

export function read(dir: string, name: string, folder = 'from-warehouse'): string {
  return readFileSync(join(dir, folder, name), 'utf8');
}

/** Strict node-x12 parse: throws on any envelope count or control number mismatch. */
export function parseStrict(text: string): X12Interchange {
  return new X12Parser(true).parse(text) as X12Interchange;
}

/** The transaction sets of a file: ST01 and the body segments as arrays (tag first), read with node-x12. */
export function transactionsOf(text: string): { id: string; segments: string[][] }[] {
  return parseStrict(text).functionalGroups.flatMap((g) => g.transactions.map((t) => ({
    id: t.header.valueOf(1)!,
    segments: t.segments.map((s) => [s.tag, ...s.elements.map((e) => e.value)]),
  })));
}

/** The first segment with this tag (and first element, when given) in a transaction set. */
export function seg(set: { segments: string[][] }, tag: string, first?: string): string[] | undefined {
  return set.segments.find((s) => s[0] === tag && (first === undefined || s[1] === first));
}

export async function waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 3000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** New files of a type (846, 945, 997) that appeared after `known`. */
export function newFiles(dir: string, known: string[], type: string): string[] {
  return outbox(dir).filter((n) => n.startsWith(`${type}_`) && !known.includes(n));
}

export interface Order940 {
  reference: string;
  lines: { sku: string; quantity: number | string }[];
  shipTo?: { name: string; line1: string; city: string; postalCode: string; countryCode: string } | null;
  routing?: string;
}

let icn = 100;

/** A 940 as the retailer's translator would write it, generated with node-x12 (the partner's own tooling). */
export function build940(order: Order940, controls = { interchange: ++icn, group: icn }): string {
  const opts = { elementDelimiter: '*', segmentTerminator: '~', subElementDelimiter: '>', endOfLine: '\n', format: true };
  const jsen = new JSEDINotation(['00', '', '00', '', 'ZZ', 'UCGRETAIL', 'ZZ', 'VENLO3PL', '261120', '1200', 'U', '00401', String(controls.interchange), '0', 'P', '>'], opts);
  const group = jsen.addFunctionalGroup(['OW', 'UCGRETAIL', 'VENLO3PL', '20261120', '1200', String(controls.group), 'X', '004010']);
  const tx = group.addTransaction(['940', '0001']);
  tx.addSegment('W05', ['N', order.reference]);
  const shipTo = order.shipTo === undefined ? { name: 'Yuki Silva', line1: '221 Oak Ave', city: 'Paris', postalCode: '75008', countryCode: 'FR' } : order.shipTo;
  if (shipTo) {
    tx.addSegment('N1', ['ST', shipTo.name]);
    tx.addSegment('N3', [shipTo.line1]);
    tx.addSegment('N4', [shipTo.city, '', shipTo.postalCode, shipTo.countryCode]);
  }
  tx.addSegment('W66', ['PP', 'U', '', '', order.routing ?? 'STANDARD']);
  order.lines.forEach((line, i) => {
    tx.addSegment('LX', [String(i + 1)]);
    tx.addSegment('W01', [String(line.quantity), 'EA', '', 'SK', line.sku]);
  });
  return new X12Generator(jsen, opts).toString();
}

/** Drops a file into the warehouse's inbox the way a partner must: temp name, then rename. */
export function drop(dir: string, name: string, text: string): void {
  const temp = join(dir, 'to-warehouse', `.${name}.part`);
  writeFileSync(temp, text);
  renameSync(temp, join(dir, 'to-warehouse', name));
}
