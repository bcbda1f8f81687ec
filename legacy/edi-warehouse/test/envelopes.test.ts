import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { build940, closeAll, drop, newFiles, outbox, parseStrict, read, startWarehouse, waitFor } from './helpers.ts';

afterEach(closeAll);

/**
 * Checks an interchange from the raw text, independently of node-x12's own counting: the ISA's
 * fixed width and separators, and every count and control number pair.
 */
function assertEnvelope(text: string): { isa13: number; gs06: number; sets: string[] } {
  const segments = text.split('~').map((s) => s.replace(/^\n/, '')).filter((s) => s.length > 0);
  const isa = `${segments[0]!}~`;
  expect(isa).toHaveLength(106);
  expect(isa[3]).toBe('*');
  expect(isa[104]).toBe('>'); // ISA16 component separator
  expect(isa[105]).toBe('~'); // segment terminator
  const f = segments[0]!.split('*');
  expect(f.map((x) => x.length).slice(1)).toEqual([2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1]);
  expect(f[6]!.trim()).toBe('VENLO3PL'); // ISA06 sender
  expect(f[8]!.trim()).toBe('UCGRETAIL'); // ISA08 receiver
  expect([f[11], f[12]]).toEqual(['U', '00401']);

  const iea = segments.at(-1)!.split('*');
  expect(iea[0]).toBe('IEA');
  expect(iea[2]).toBe(f[13]); // IEA02 = ISA13, both 9 digits
  const groups = segments.filter((s) => s.startsWith('GS*'));
  expect(Number(iea[1])).toBe(groups.length);

  const sets: string[] = [];
  let gs06 = 0;
  let inGroup: string[] | null = null;
  let setStart = -1;
  segments.forEach((s, i) => {
    const e = s.split('*');
    if (e[0] === 'GS') {
      inGroup = [];
      gs06 = Number(e[6]);
      expect(e[7]).toBe('X');
      expect(e[8]).toBe('004010');
    } else if (e[0] === 'ST') {
      setStart = i;
      inGroup!.push(e[2]!);
      sets.push(e[1]!);
    } else if (e[0] === 'SE') {
      expect(Number(e[1])).toBe(i - setStart + 1); // SE01 counts ST through SE
      expect(e[2]).toBe(segments[setStart]!.split('*')[2]); // SE02 = ST02
    } else if (e[0] === 'GE') {
      expect(Number(e[1])).toBe(inGroup!.length);
      expect(Number(e[2])).toBe(gs06);
    }
  });
  parseStrict(text); // and node-x12, strict, agrees
  return { isa13: Number(f[13]), gs06, sets };
}

describe('every file the warehouse writes', () => {
  it('has valid X12 004010 envelopes and control numbers that only go up', async () => {
    const { standIn, dir, url } = await startWarehouse({ historyDays: 10 });
    const [sku] = standIn.warehouse.book.stock().find(([, r]) => r.onHand - r.committed >= 2)!;
    const stock = await fetch(`${url}/__sandbox/stock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku, location: 'VEN1', delta: 5 }) });
    expect(stock.status).toBe(200);
    await fetch(`${url}/__sandbox/snapshot`, { method: 'POST' });
    drop(dir, 'order.edi', build940({ reference: 'ENV-1', lines: [{ sku, quantity: 2 }] }));
    drop(dir, 'bad.edi', build940({ reference: 'ENV-2', lines: [{ sku, quantity: 'two' }] }));
    await waitFor(() => newFiles(dir, [], '945').length === 1 && newFiles(dir, [], '846').length >= 5, 3000, '945 and 846s');

    const files = outbox(dir).map((name) => ({ name, folder: 'from-warehouse' }))
      .concat(readdirSync(join(dir, 'history')).map((name) => ({ name, folder: 'history' })));
    const types = new Set(files.map((f) => f.name.slice(0, 3)));
    expect(types).toEqual(new Set(['846', '945', '997']));
    const seen = files.map((f) => ({ ...assertEnvelope(read(dir, f.name, f.folder)), name: f.name }));
    for (const f of seen) expect(f.sets.every((s) => s === f.name.slice(0, 3))).toBe(true);

    // history/ also holds a retention copy of each live 945 (same file, same numbers): count each once.
    const byNumber = [...new Map(seen.map((f) => [f.name, f])).values()].sort((a, b) => a.isa13 - b.isa13);
    expect(new Set(byNumber.map((f) => f.isa13)).size).toBe(byNumber.length);
    expect(new Set(byNumber.map((f) => f.gs06)).size).toBe(byNumber.length);
    // Written in control number order: the names carry the write time.
    const live = byNumber.filter((f) => outbox(dir).includes(f.name)).map((f) => f.name.split('_')[1]);
    expect(live).toEqual([...live].sort());
  });
});
