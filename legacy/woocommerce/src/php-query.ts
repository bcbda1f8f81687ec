/**
 * PHP's `parse_str()`, which fills `$_GET`/`$_POST` and so decides what WooCommerce signs when it
 * verifies an OAuth 1.0a request. Its quirks matter for signatures: `+` is a space, a repeated
 * key keeps only its last value, `a[b]=c` nests, and dots/spaces in names become underscores.
 * Arrays are Maps because PHP arrays keep insertion order even for numeric keys.
 */
export type PhpValue = string | PhpArray;
export type PhpArray = Map<string, PhpValue>;

/** PHP `urldecode()`: `+` is a space, bad escapes are left alone. */
export function urldecode(text: string): string {
  const spaced = text.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

function assign(target: PhpArray, path: string[], value: string): void {
  let node = target;
  for (let i = 0; i < path.length; i++) {
    let key = path[i]!;
    if (key === '') {
      // `a[]` appends with the next integer index, as PHP does.
      const ints = [...node.keys()].filter((k) => /^-?\d+$/.test(k)).map(Number);
      key = String(ints.length ? Math.max(...ints) + 1 : 0);
    }
    if (i === path.length - 1) {
      node.set(key, value);
      return;
    }
    let next = node.get(key);
    if (!(next instanceof Map)) {
      next = new Map();
      node.set(key, next);
    }
    node = next;
  }
}

/** Splits `a.b[c][]` into PHP's variable path: base name with `.`/space → `_`, then each index. */
function keyPath(rawKey: string): string[] | undefined {
  const key = rawKey.replace(/^ +/, '');
  if (!key) return undefined;
  const open = key.indexOf('[');
  const close = open >= 0 ? key.indexOf(']', open) : -1;
  if (open <= 0 || close < 0) {
    // No (valid) index: the first unmatched `[` also becomes `_`.
    return [key.replace(/[. ]/g, '_').replace('[', '_')];
  }
  const path = [key.slice(0, open).replace(/[. ]/g, '_')];
  let rest = key.slice(open);
  for (let m = /^\[([^\]]*)\]/.exec(rest); m; m = /^\[([^\]]*)\]/.exec(rest)) {
    path.push(m[1]!);
    rest = rest.slice(m[0].length);
  }
  return path;
}

export function parseStr(query: string): PhpArray {
  const out: PhpArray = new Map();
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const path = keyPath(urldecode(eq < 0 ? pair : pair.slice(0, eq)));
    if (path) assign(out, path, eq < 0 ? '' : urldecode(pair.slice(eq + 1)));
  }
  return out;
}

/** A plain view for route handlers: scalars stay strings, arrays become string arrays or objects. */
export type PlainValue = string | PlainValue[] | { [key: string]: PlainValue };

export function toPlain(value: PhpValue): PlainValue {
  if (typeof value === 'string') return value;
  const keys = [...value.keys()];
  if (keys.every((k, i) => k === String(i))) return [...value.values()].map(toPlain);
  return Object.fromEntries([...value].map(([k, v]) => [k, toPlain(v)]));
}

export function parseQueryPlain(query: string): Record<string, PlainValue> {
  return Object.fromEntries([...parseStr(query)].map(([k, v]) => [k, toPlain(v)]));
}
