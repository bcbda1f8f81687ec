import { existsSync, readFileSync } from 'node:fs';
import { X12Parser, type X12Interchange, type X12Segment } from 'node-x12';
import type { PersonDataExport, PersonErasure } from '@ucg/connector-core';
import type { FileExchange } from './file-exchange.ts';
import { writeFileAtomic } from './local-files.ts';
import type { ConnectorState, SentOrder } from './state.ts';

export interface PrivacyDeps {
  state: ConnectorState;
  exchange: FileExchange;
  /** Folders of the exchange we must not rewrite (the warehouse's own retention copies). */
  readOnlyFolders: string[];
}

export interface PersonLookup {
  /**
   * Order numbers the selling systems hold for this person. EDI documents carry no e-mail, so
   * shipments the warehouse reported for orders we did not send through this connector (its
   * history) can only be found by order number.
   */
  orderReferences?: readonly string[];
}

const ERASED = 'ERASED';

function matches(state: ConnectorState, email: string, lookup: PersonLookup) {
  const wanted = email.trim().toLowerCase();
  const refs = new Set(lookup.orderReferences ?? []);
  const sent = Object.values(state.ledger.sent).filter((s) => s.recipient.email?.toLowerCase() === wanted || refs.has(s.referenceId));
  for (const s of sent) refs.add(s.referenceId);
  const shipments = state.shipments((s) => refs.has(s.orderNativeId));
  return { sent, shipments, refs };
}

/** The ship-to block (N1*ST, N3, N4) of the transaction sets about the given orders in an X12 file. */
function shipToBlocks(interchange: X12Interchange, refs: Set<string>): X12Segment[][] {
  const blocks: X12Segment[][] = [];
  for (const transaction of interchange.functionalGroups.flatMap((g) => g.transactions)) {
    const head = transaction.segments.find((s) => s.tag === 'W05' || s.tag === 'W06');
    if (!head || !refs.has(head.valueOf(2, '')!.trim())) continue;
    const start = transaction.segments.findIndex((s) => s.tag === 'N1' && s.valueOf(1) === 'ST');
    if (start < 0) continue;
    const block = [transaction.segments[start]!];
    for (let i = start + 1; i < transaction.segments.length && ['N2', 'N3', 'N4'].includes(transaction.segments[i]!.tag); i++) block.push(transaction.segments[i]!);
    blocks.push(block);
  }
  return blocks;
}

/** Everything we hold about a person in this system: the 940s we sent for them and the 945s about their orders. */
export async function exportPerson(deps: PrivacyDeps, email: string, lookup: PersonLookup): Promise<PersonDataExport> {
  const { sent, shipments, refs } = matches(deps.state, email, lookup);
  const records: unknown[] = sent.map((s: SentOrder) => ({
    kind: 'warehouse-shipping-order-940',
    referenceId: s.referenceId,
    sentAt: s.sentAt,
    recipient: s.recipient,
    lines: s.lines,
    acknowledgement: s.ack.status,
    erasedAt: s.erasedAt ?? null,
    shipments: shipments.filter((sh) => sh.orderNativeId === s.referenceId),
  }));
  const sentRefs = new Set(sent.map((s) => s.referenceId));
  for (const shipment of shipments.filter((s) => !sentRefs.has(s.orderNativeId))) {
    const source = deps.state.shipmentSource(shipment.nativeId);
    let shipTo: string[][] = [];
    if (source) {
      try {
        const interchange = new X12Parser(true).parse(await deps.exchange.read(source)) as X12Interchange;
        shipTo = shipToBlocks(interchange, refs).flat().map((s) => [s.tag, ...s.elements.map((e) => e.value)]);
      } catch {
        shipTo = []; // the file is gone or unreadable; the shipment itself is still reported
      }
    }
    records.push({ kind: 'warehouse-shipping-advice-945', referenceId: shipment.orderNativeId, shipment, shipTo, file: source ?? null });
  }
  return { system: '3pl-eu', recordCount: records.length, records };
}

/** Rewrites the ship-to name and address of the given orders in an X12 text; null when nothing matched. */
function redact(text: string, refs: Set<string>): string | null {
  const interchange = new X12Parser(true).parse(text) as X12Interchange;
  const blocks = shipToBlocks(interchange, refs);
  if (blocks.length === 0) return null;
  for (const segment of blocks.flat()) {
    // Country stays (it is not personal and the shipment statistics need it); everything else goes.
    const keep = segment.tag === 'N1' ? [1] : segment.tag === 'N4' ? [4] : [];
    segment.elements.forEach((e, i) => {
      if (!keep.includes(i + 1) && e.value !== '') segment.replaceElement(ERASED, i + 1);
    });
  }
  return interchange.toString();
}

/**
 * GDPR erasure as far as this system allows. We redact the ship-to name and address in everything
 * we hold: the sent-ledger, our copies of the 940s, and the archived 945s. What we cannot erase is
 * the warehouse's own record: a 3PL keeps shipping documents and WMS data under its statutory and
 * contractual retention, and X12 has no erasure transaction; that part must be requested from the
 * 3PL under the data processing agreement. Hence RETAINED, with what was done in `detail`.
 */
export async function erasePerson(deps: PrivacyDeps, email: string, lookup: PersonLookup): Promise<PersonErasure> {
  const { sent, shipments, refs } = matches(deps.state, email, lookup);
  if (sent.length === 0 && shipments.length === 0) return { system: '3pl-eu', status: 'NOT_FOUND' };
  const now = new Date().toISOString();
  let files = 0;
  for (const s of sent) {
    s.recipient = { name: ERASED, email: null, address: { line1: ERASED, line2: null, city: ERASED, province: null, postalCode: ERASED, countryCode: s.recipient.address.countryCode } };
    s.erasedAt = now;
    if (existsSync(s.copy)) {
      const redacted = redact(readFileSync(s.copy, 'utf8'), refs);
      if (redacted) {
        writeFileAtomic(s.copy, redacted);
        files++;
      }
    }
  }
  deps.state.touch('ledger');
  deps.state.save();
  const sources = new Set(shipments.map((s) => deps.state.shipmentSource(s.nativeId)).filter((p): p is string => !!p));
  let leftWithWarehouse = 0;
  for (const source of sources) {
    if (deps.readOnlyFolders.some((f) => source.startsWith(`${f}/`))) {
      leftWithWarehouse++;
      continue;
    }
    try {
      const redacted = redact(await deps.exchange.read(source), refs);
      if (redacted) {
        await deps.exchange.writeAtomic(source, redacted);
        files++;
      }
    } catch {
      leftWithWarehouse++;
    }
  }
  return {
    system: '3pl-eu',
    status: 'RETAINED',
    detail:
      `Redacted ship-to name and address for ${refs.size} order(s): ${sent.length} sent-ledger entr${sent.length === 1 ? 'y' : 'ies'} and ${files} archived EDI file(s). ` +
      `The EU warehouse (3PL) retains its own copies of the 940/945 documents and WMS records` +
      (leftWithWarehouse > 0 ? ` (including ${leftWithWarehouse} file(s) in its history folder, which is read-only for us)` : '') +
      ` under its statutory retention; X12 has no erasure transaction, so erasure there must be requested from the 3PL under the data processing agreement.`,
  };
}
