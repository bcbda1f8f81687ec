import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X12Parser, type X12Interchange } from 'node-x12';
import { afterEach, describe, expect, it } from 'vitest';
import { ControlNumberStore, LocalFolderExchange } from '../src/index.ts';
import { buildInterchange, parseInterchanges } from '../src/x12/envelope.ts';
import { x12Timestamp } from '../src/x12/segments.ts';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'edi-unit-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('LocalFolderExchange', () => {
  it('lists only complete files, oldest first, and moves them once', async () => {
    const root = temp();
    const exchange = new LocalFolderExchange(root);
    expect(await exchange.list('inbox')).toEqual([]); // a folder that does not exist yet is empty
    await exchange.writeAtomic('inbox/a.edi', 'A');
    await new Promise((r) => setTimeout(r, 5));
    await exchange.writeAtomic('inbox/b.edi', 'B');
    writeFileSync(join(root, 'inbox', '.c.edi.part'), 'half a fi'); // someone else's write in progress
    expect((await exchange.list('inbox')).map((e) => e.path)).toEqual(['inbox/a.edi', 'inbox/b.edi']);
    expect(readdirSync(join(root, 'inbox')).filter((n) => n.endsWith('.part') && n !== '.c.edi.part')).toEqual([]);
    expect(await exchange.read('inbox/b.edi')).toBe('B');
    expect(await exchange.move('inbox/a.edi', 'inbox/archive/2026-11-20/a.edi')).toBe(true);
    expect(await exchange.move('inbox/a.edi', 'inbox/archive/2026-11-20/a.edi')).toBe(false); // already taken
    await expect(exchange.read('../outside')).rejects.toThrow(/escapes/);
  });
});

describe('ControlNumberStore', () => {
  it('hands out increasing numbers that survive a restart', () => {
    const dir = temp();
    const first = new ControlNumberStore(dir);
    expect([first.next(), first.next()]).toEqual([{ interchange: 1, group: 1 }, { interchange: 2, group: 2 }]);
    const again = new ControlNumberStore(dir);
    expect(again.next()).toEqual({ interchange: 3, group: 3 });
  });
});

describe('X12 envelopes', () => {
  const parties = { qualifier: 'ZZ', sender: 'UCGRETAIL', receiver: 'VENLO3PL' };
  const build = () => buildInterchange({
    parties, functionalId: 'FA', controls: { interchange: 42, group: 7 }, at: new Date('2026-11-20T12:34:56Z'), usageIndicator: 'P',
    sets: [{ id: '997', segments: [['AK1', 'IB', '5'], ['AK2', '846', '0001'], ['AK5', 'A'], ['AK9', 'A', '1', '1', '1']] }],
  });

  it('writes a fixed-width ISA and counts that node-x12 accepts strictly', () => {
    const text = build();
    expect(text.split('\n')[0]).toBe('ISA*00*          *00*          *ZZ*UCGRETAIL      *ZZ*VENLO3PL       *261120*1234*U*00401*000000042*0*P*>~');
    expect(text).toContain('GS*FA*UCGRETAIL*VENLO3PL*20261120*1234*7*X*004010~');
    expect(text).toContain('SE*6*0001~\nGE*1*7~\nIEA*1*000000042~');
    const parsed = new X12Parser(true).parse(text) as X12Interchange;
    expect(parsed.functionalGroups[0]!.transactions[0]!.segments).toHaveLength(4);
  });

  it('blanks delimiters inside data instead of splitting elements', () => {
    const text = buildInterchange({
      parties, functionalId: 'OW', controls: { interchange: 1, group: 1 }, at: new Date(), usageIndicator: 'T',
      sets: [{ id: '940', segments: [['W05', 'N', 'A*B~C>D']] }],
    });
    expect(text).toContain('W05*N*A B C D~');
  });

  it('refuses truncated or miscounted files with EDI_PARSE_FAILED', () => {
    const text = build();
    const cases = [text.replace('SE*6*', 'SE*5*'), text.replace('GE*1*7', 'GE*1*8'), text.slice(0, text.indexOf('IEA')), text.replace('ST*997*0001', 'ST*997*0002'), 'garbage'];
    for (const bad of cases) {
      expect(() => parseInterchanges(bad, 'x.edi'), bad.slice(-40)).toThrow(expect.objectContaining({ code: 'EDI_PARSE_FAILED', file: 'x.edi' }));
    }
    expect(parseInterchanges(text, 'ok.edi')[0]).toMatchObject({ sender: 'UCGRETAIL', receiver: 'VENLO3PL', controlNumber: 42, key: 'UCGRETAIL:42' });
  });

  it('reads X12 dates and times as UTC, to the hundredth', () => {
    expect(x12Timestamp('20261120', '1234')).toBe('2026-11-20T12:34:00.000Z');
    expect(x12Timestamp('20261120', '12345678')).toBe('2026-11-20T12:34:56.780Z');
    expect(() => x12Timestamp('20261131', '1200')).toThrow();
    expect(() => x12Timestamp('2026112', null)).toThrow();
  });
});
