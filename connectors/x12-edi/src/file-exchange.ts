import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { ConnectorError } from '@ucg/connector-core';

export interface ExchangeEntry {
  /** File name. */
  name: string;
  /** Path relative to the exchange root, `/`-separated. */
  path: string;
  size: number;
  modifiedAt: Date;
}

/**
 * How the connector reaches the trading partner's files. Paths are relative to the exchange root
 * and `/`-separated, as on an SFTP server. The local-folder implementation below serves tests and
 * the demo stack; an SFTP implementation would be another class with the same four operations
 * (SFTP has rename, so `writeAtomic` and `move` keep their guarantees there).
 */
export interface FileExchange {
  /** Complete files directly in `folder`, oldest first; dot-files (writes in progress) and sub-folders are skipped. */
  list(folder: string): Promise<ExchangeEntry[]>;
  read(path: string): Promise<string>;
  /** Writes to a dot-file in the same folder, then renames it into place: pollers never see half a file. */
  writeAtomic(path: string, content: string): Promise<void>;
  /** Renames `from` to `to`, creating the target folder; false when `from` is gone (another reader took it). */
  move(from: string, to: string): Promise<boolean>;
}

/** Maps file-system failures to the connector error taxonomy: an unreachable exchange is an unavailable system. */
function unavailable(action: string, path: string, cause: unknown): ConnectorError {
  const code = (cause as { code?: string }).code ?? 'unknown';
  return new ConnectorError('UPSTREAM_UNAVAILABLE', '3pl-eu', `exchange: cannot ${action} ${path} (${code})`, { retryable: true, cause });
}

/** The exchange as a local folder (our stand-in for the 3PL's SFTP server). */
export class LocalFolderExchange implements FileExchange {
  constructor(readonly root: string) {}

  private abs(path: string): string {
    const normal = posix.normalize(path);
    if (normal.startsWith('..') || posix.isAbsolute(normal)) throw new Error(`exchange path escapes the root: ${path}`);
    return join(this.root, ...normal.split('/'));
  }

  async list(folder: string): Promise<ExchangeEntry[]> {
    const dir = this.abs(folder);
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (cause) {
      if ((cause as { code?: string }).code === 'ENOENT') return [];
      throw unavailable('list', folder, cause);
    }
    const files = await Promise.all(entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map(async (e) => {
      const path = posix.join(folder, e.name);
      try {
        const s = await stat(this.abs(path));
        return { name: e.name, path, size: s.size, modifiedAt: s.mtime };
      } catch {
        return null; // moved away between readdir and stat
      }
    }));
    return files.filter((f): f is ExchangeEntry => f !== null)
      .sort((a, b) => a.modifiedAt.getTime() - b.modifiedAt.getTime() || a.name.localeCompare(b.name));
  }

  async read(path: string): Promise<string> {
    const file = this.abs(path);
    try {
      return await readFile(file, 'utf8');
    } catch (cause) {
      throw unavailable('read', path, cause);
    }
  }

  async writeAtomic(path: string, content: string): Promise<void> {
    const target = this.abs(path);
    const temp = join(dirname(target), `.${posix.basename(path)}.part`);
    try {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(temp, content, 'utf8');
      await rename(temp, target);
    } catch (cause) {
      throw unavailable('write', path, cause);
    }
  }

  async move(from: string, to: string): Promise<boolean> {
    const [source, target] = [this.abs(from), this.abs(to)];
    try {
      await mkdir(dirname(target), { recursive: true });
      await rename(source, target);
      return true;
    } catch (cause) {
      if ((cause as { code?: string }).code === 'ENOENT') return false;
      throw unavailable('move', from, cause);
    }
  }
}
