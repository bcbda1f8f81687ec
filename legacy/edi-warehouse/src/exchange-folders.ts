import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The exchange folder as the warehouse sees it (its SFTP server). Names are from the warehouse's
 * point of view of the partner: the partner drops into `to-warehouse/`, picks up from `from-warehouse/`.
 *
 * ```
 * to-warehouse/               940s and 997s from the depositor
 *   archive/YYYY-MM-DD/       what the warehouse has read
 *   error/                    what it could not read
 * from-warehouse/             846s, 945s and 997s for the depositor (its connector archives them)
 * history/                    retention copies of the 945s sent in the last N days (read-only for the partner)
 * .warehouse/                 the warehouse's own disk: control numbers and book (not part of the SFTP contract)
 * ```
 * Every write goes to a dot-file first and is renamed into place, so a poller never sees half a file.
 */
export class ExchangeFolders {
  readonly toWarehouse: string;
  readonly fromWarehouse: string;
  readonly history: string;
  readonly privateDir: string;

  constructor(readonly root: string) {
    this.toWarehouse = join(root, 'to-warehouse');
    this.fromWarehouse = join(root, 'from-warehouse');
    this.history = join(root, 'history');
    this.privateDir = join(root, '.warehouse');
    for (const dir of [this.toWarehouse, join(this.toWarehouse, 'error'), this.fromWarehouse, this.history, this.privateDir]) {
      mkdirSync(dir, { recursive: true });
    }
  }

  /** Complete files waiting in a folder, oldest name first (names start with the type, then a timestamp). */
  files(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort((a, b) => (mtime(join(dir, a)) - mtime(join(dir, b))) || a.localeCompare(b));
  }

  /** Writes `content` as `dir/name` atomically: temp name, then rename. */
  writeAtomic(dir: string, name: string, content: string): string {
    const target = join(dir, name);
    const temp = join(dir, `.${name}.part`);
    writeFileSync(temp, content, 'utf8');
    renameSync(temp, target);
    return target;
  }

  /** Moves a file the warehouse has read out of the inbox, into `archive/<day>/` or `error/`. */
  retire(name: string, outcome: 'archive' | 'error', now = new Date()): string {
    const dir = outcome === 'error' ? join(this.toWarehouse, 'error') : join(this.toWarehouse, 'archive', now.toISOString().slice(0, 10));
    mkdirSync(dir, { recursive: true });
    const target = join(dir, name);
    renameSync(join(this.toWarehouse, name), target);
    return target;
  }
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
