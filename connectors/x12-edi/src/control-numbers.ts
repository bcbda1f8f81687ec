import { join } from 'node:path';
import { readJson, writeFileAtomic } from './local-files.ts';

export interface InterchangeControls {
  /** ISA13 = IEA02, 1..999999999. */
  interchange: number;
  /** GS06 = GE02, 1..999999999. */
  group: number;
}

const MAX = 999_999_999;

/**
 * Our outbound control numbers. node-x12 writes whatever numbers it is given, so this small store
 * hands out ISA13 and GS06 values that always increase and survive restarts (partners reject or
 * drop a reused number as a duplicate). A number is on disk before it is used: a crash can skip one,
 * never repeat one. ST02 is numbered per group (0001, 0002, …) by the envelope writer.
 */
export class ControlNumberStore {
  private readonly file: string;
  private last: InterchangeControls;

  constructor(stateDir: string) {
    this.file = join(stateDir, 'control-numbers.json');
    this.last = readJson<InterchangeControls>(this.file, { interchange: 0, group: 0 });
  }

  next(): InterchangeControls {
    const step = (n: number) => (n >= MAX ? 1 : n + 1);
    const next = { interchange: step(this.last.interchange), group: step(this.last.group) };
    writeFileAtomic(this.file, JSON.stringify(next));
    this.last = next;
    return next;
  }

  peek(): InterchangeControls {
    return { ...this.last };
  }
}
