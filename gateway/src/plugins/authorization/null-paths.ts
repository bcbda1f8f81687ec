/** Writes null at `path` (response keys, `@` for every list item) in a response's data. */
function nullAt(value: unknown, path: readonly string[], at: number): unknown {
  if (at === path.length) return null;
  if (value === null || typeof value !== 'object') return value;
  const head = path[at]!;
  if (head === '@') return Array.isArray(value) ? value.map((item) => nullAt(item, path, at + 1)) : value;
  const record = value as Record<string, unknown>;
  if (at === path.length - 1) record[head] = null;
  else if (record[head] !== undefined) record[head] = nullAt(record[head], path, at + 1);
  return record;
}

/** The data with null at every path the authorization filter took out. */
export function applyNullPaths(data: Record<string, unknown> | null | undefined, paths: readonly string[][]): Record<string, unknown> | null {
  let out: unknown = data ?? {};
  for (const path of paths) out = nullAt(out, path, 0);
  return out as Record<string, unknown> | null;
}
