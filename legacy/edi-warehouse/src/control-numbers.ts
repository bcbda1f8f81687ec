import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Controls {
  /** ISA13 / IEA02. */
  interchange: number;
  /** GS06 / GE02. */
  group: number;
}

const MAX = 999_999_999;

/**
 * The warehouse's outbound control numbers. X12 requires ISA13 and GS06 to be unique per sender
 * for a long time (partners detect duplicates by them), so they are persisted before use: a crash
 * may skip a number but never reuse one. Survives `/__sandbox/reset` on purpose.
 */
export class ControlNumbers {
  private readonly file: string;
  private last: Controls;

  constructor(dir: string) {
    this.file = join(dir, 'control-numbers.json');
    this.last = existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Controls) : { interchange: 0, group: 0 };
  }

  /** The next pair, already on disk when returned. Wraps to 1 after 999999999 as the standard allows. */
  next(): Controls {
    const step = (n: number) => (n >= MAX ? 1 : n + 1);
    const next = { interchange: step(this.last.interchange), group: step(this.last.group) };
    const temp = `${this.file}.part`;
    writeFileSync(temp, JSON.stringify(next));
    renameSync(temp, this.file);
    this.last = next;
    return next;
  }

  current(): Controls {
    return { ...this.last };
  }
}
