import type { ExchangeEntry, FileExchange } from './file-exchange.ts';

/**
 * The exchange as a reader of the warehouse's history may see it: the history folder only. The
 * warehouse's inbox belongs to the one process that handles stock advices and shipping advice (a
 * poll elsewhere would archive its files before it sees them), so every other folder looks empty
 * and nothing can be written or moved.
 */
export class HistoryOnlyExchange implements FileExchange {
  constructor(
    private readonly inner: FileExchange,
    /** Who reads, for error messages ("the orders subgraph"). */
    private readonly reader: string,
    private readonly historyFolder = 'history',
  ) {}

  list(folder: string): Promise<ExchangeEntry[]> {
    return folder === this.historyFolder ? this.inner.list(folder) : Promise.resolve([]);
  }

  read(path: string): Promise<string> {
    return this.inner.read(path);
  }

  writeAtomic(path: string): Promise<void> {
    return Promise.reject(new Error(`${this.reader} only reads the EDI history (refused to write ${path})`));
  }

  move(from: string): Promise<boolean> {
    return Promise.reject(new Error(`${this.reader} only reads the EDI history (refused to move ${from})`));
  }
}
