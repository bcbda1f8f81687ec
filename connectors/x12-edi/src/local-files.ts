import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The connector's own disk (state directory), written the same crash-safe way as the exchange:
 * temp file, then rename. Synchronous on purpose: these are small files written at points where the
 * next step must not start before the state is durable (a control number before it is used).
 */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.part`;
  writeFileSync(temp, content, 'utf8');
  renameSync(temp, path);
}

export function readJson<T>(path: string, fallback: T): T {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : fallback;
}
