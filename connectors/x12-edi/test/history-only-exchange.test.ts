import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HistoryOnlyExchange, LocalFolderExchange } from '../src/index.ts';

describe('the exchange as a history reader sees it', () => {
  it('shows the history folder only and refuses to write or move anything', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ucg-history-view-'));
    try {
      for (const folder of ['history', 'from-warehouse']) {
        mkdirSync(join(root, folder));
        writeFileSync(join(root, folder, `${folder}.edi`), 'ISA*…');
      }
      const view = new HistoryOnlyExchange(new LocalFolderExchange(root), 'the test');
      expect((await view.list('history')).map((e) => e.name)).toEqual(['history.edi']);
      expect(await view.list('from-warehouse')).toEqual([]);
      expect(await view.read('history/history.edi')).toBe('ISA*…');
      await expect(view.move('from-warehouse/from-warehouse.edi')).rejects.toThrow(/the test only reads/);
      await expect(view.writeAtomic('to-warehouse/x.edi')).rejects.toThrow(/the test only reads/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
