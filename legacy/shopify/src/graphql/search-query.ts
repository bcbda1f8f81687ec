/**
 * Shopify's search syntax for the `query:` argument of list fields: `field:value` terms, implicit
 * AND, `OR`, `NOT`/`-` negation, parentheses, quoted values, comparators (`:>`, `:>=`, `:<`,
 * `:<=`) and a trailing `*` for prefix matches. Bare words search the resource's default text.
 */
export type SearchNode =
  | { kind: 'and' | 'or'; children: SearchNode[] }
  | { kind: 'not'; child: SearchNode }
  | { kind: 'term'; field: string | null; op: ':' | '>' | '>=' | '<' | '<='; value: string };

type Token = { t: 'word'; v: string; quoted: boolean } | { t: '(' } | { t: ')' };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === '(' || ch === ')') { tokens.push({ t: ch }); i++; continue; }
    let word = '';
    // A token that opens with a quote is a phrase, never `field:value`.
    const quoted = ch === '"' || ch === "'";
    while (i < input.length && !/\s/.test(input[i]!) && input[i] !== ')' && !(input[i] === '(' && word === '')) {
      if (input[i] === '"' || input[i] === "'") {
        const quote = input[i]!;
        const end = input.indexOf(quote, i + 1);
        const stop = end === -1 ? input.length : end;
        word += input.slice(i + 1, stop);
        i = stop + 1;
      } else if (input[i] === '\\' && i + 1 < input.length) {
        word += input[i + 1];
        i += 2;
      } else {
        word += input[i];
        i++;
      }
    }
    tokens.push({ t: 'word', v: word, quoted });
  }
  return tokens;
}

function termOf(word: string, quoted: boolean): SearchNode {
  const m = quoted ? null : /^([a-z_][a-z0-9_.]*):(>=|<=|>|<)?(.*)$/i.exec(word);
  if (!m) return { kind: 'term', field: null, op: ':', value: word };
  return { kind: 'term', field: m[1]!.toLowerCase(), op: (m[2] as '>' | undefined) ?? ':', value: m[3]! };
}

/** Parses a search string; an empty or blank string matches everything (`null`). */
export function parseSearch(input: string | null | undefined): SearchNode | null {
  if (!input || !input.trim()) return null;
  const tokens = tokenize(input);
  let pos = 0;
  const peekWord = () => { const t = tokens[pos]; return t?.t === 'word' && !t.quoted ? t.v : undefined; };

  function parseOr(): SearchNode {
    const children = [parseAnd()];
    while (peekWord() === 'OR') { pos++; children.push(parseAnd()); }
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  }
  function parseAnd(): SearchNode {
    const children: SearchNode[] = [];
    while (pos < tokens.length && tokens[pos]!.t !== ')' && peekWord() !== 'OR') {
      if (peekWord() === 'AND') { pos++; continue; }
      children.push(parseUnary());
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  }
  function parseUnary(): SearchNode {
    const token = tokens[pos]!;
    if (token.t === '(') {
      pos++;
      const inner = parseOr();
      if (tokens[pos]?.t === ')') pos++;
      return inner;
    }
    pos++;
    if (token.t === ')') return { kind: 'and', children: [] };
    if (!token.quoted && token.v === 'NOT') return { kind: 'not', child: parseUnary() };
    if (!token.quoted && token.v.startsWith('-') && token.v.length > 1) return { kind: 'not', child: termOf(token.v.slice(1), false) };
    return termOf(token.v, token.quoted);
  }
  return parseOr();
}

/** What a resource exposes to search: text fields, and fields compared as numbers or dates. */
export interface SearchFields<T> {
  /** Field name → value(s) of the record; strings compare case-insensitively. */
  fields: Record<string, (record: T) => string | number | null | undefined | readonly (string | number)[]>;
  /** Fields searched by a bare word. */
  defaults: string[];
}

type Op = ':' | '>' | '>=' | '<' | '<=';

function compareValues(actual: string | number, op: Op, wanted: string): boolean {
  if (op === ':') {
    const a = String(actual).toLowerCase();
    const w = wanted.toLowerCase();
    if (w === '*') return true;
    return w.endsWith('*') ? a.startsWith(w.slice(0, -1)) : a === w;
  }
  const num = Number(wanted);
  let cmp: number;
  if (typeof actual === 'number' && Number.isFinite(num)) cmp = actual - num;
  else {
    // Dates: ISO strings order lexically once both are normalised to full timestamps.
    const a = Date.parse(String(actual));
    const b = Date.parse(wanted);
    cmp = Number.isNaN(a) || Number.isNaN(b) ? String(actual).localeCompare(wanted) : a - b;
  }
  return op === '>' ? cmp > 0 : op === '>=' ? cmp >= 0 : op === '<' ? cmp < 0 : cmp <= 0;
}

/** Evaluates a parsed search against one record; unknown fields match nothing, as in Shopify. */
export function matches<T>(node: SearchNode | null, record: T, spec: SearchFields<T>): boolean {
  if (!node) return true;
  switch (node.kind) {
    case 'and': return node.children.every((c) => matches(c, record, spec));
    case 'or': return node.children.some((c) => matches(c, record, spec));
    case 'not': return !matches(node.child, record, spec);
    case 'term': {
      const names = node.field === null ? spec.defaults : [node.field];
      return names.some((name) => {
        const get = spec.fields[name];
        if (!get) return false;
        const raw = get(record);
        if (raw === null || raw === undefined) return false;
        const values = Array.isArray(raw) ? raw : [raw as string | number];
        if (node.field === null) {
          // A bare word matches a word inside the text, not only the whole value.
          const w = node.value.toLowerCase().replace(/\*$/, '');
          return values.some((v) => String(v).toLowerCase().includes(w));
        }
        return values.some((v) => compareValues(v, node.op, node.value));
      });
    }
  }
}
