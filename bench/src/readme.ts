import { readFileSync, writeFileSync } from 'node:fs';

export const README_BEGIN = '<!-- bench:begin (written by npm run bench) -->';
export const README_END = '<!-- bench:end -->';

/** `text` with what stands between the benchmark markers replaced by `table`; unchanged when the markers are missing. */
export function withBenchTable(text: string, table: string): string {
  const begin = text.indexOf(README_BEGIN);
  const end = text.indexOf(README_END, begin);
  if (begin < 0 || end < 0) return text;
  return `${text.slice(0, begin + README_BEGIN.length)}\n${table.trim()}\n${text.slice(end)}`;
}

/** Puts the latest table into the README (the issue asks that the README always shows the latest run). */
export function updateReadme(path: string, table: string): boolean {
  const text = readFileSync(path, 'utf8');
  const next = withBenchTable(text, table);
  if (next === text) return false;
  writeFileSync(path, next);
  return true;
}
