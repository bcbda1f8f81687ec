import Big from 'big.js';
import { compareValues, parseODataDate, type EdmType, type PropertyDef, type Row } from './edm.ts';
import { ODataError } from './errors.ts';

/**
 * OData v2 `$filter` as SAP Gateway (SADL) understands it: eq/ne/gt/ge/lt/le, and/or/not,
 * parentheses, typed literals (`'text'`, `12`, `12.5M`, `datetime'…'`, `datetimeoffset'…'`,
 * `guid'…'`, `true`, `null`) and substringof/startswith/endswith/length/trim/concat.
 * Like Gateway it is strict: an unknown property, a literal of the wrong type for its property or
 * an unsupported function (tolower/toupper are not supported by SADL) is a 400.
 */

type Literal = { kind: 'literal'; type: EdmType | 'null' | 'number'; value: unknown };
type Node =
  | Literal
  | { kind: 'prop'; prop: PropertyDef }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'compare'; op: string; left: Node; right: Node }
  | { kind: 'logical'; op: 'and' | 'or'; left: Node; right: Node }
  | { kind: 'not'; expr: Node };

interface Token {
  kind: 'word' | 'literal' | 'lparen' | 'rparen' | 'comma';
  text: string;
  pos: number;
  literal?: Literal;
}

const comparisons = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const functions: Record<string, { args: number; returns: EdmType }> = {
  substringof: { args: 2, returns: 'Edm.Boolean' },
  startswith: { args: 2, returns: 'Edm.Boolean' },
  endswith: { args: 2, returns: 'Edm.Boolean' },
  length: { args: 1, returns: 'Edm.Int32' },
  trim: { args: 1, returns: 'Edm.String' },
  concat: { args: 2, returns: 'Edm.String' },
};

function invalidToken(pos: number): ODataError {
  return new ODataError(400, '/IWBEP/CM_MGW_RT/022', `Invalid token detected at position ${pos + 1}`);
}

/** Reads one literal (as in `$filter` and key predicates) starting at `text[pos]`. */
export function readLiteral(text: string, pos: number): { literal: Literal; end: number } | undefined {
  const rest = text.slice(pos);
  const typed = /^(datetime|datetimeoffset|guid|time)'([^']*)'/.exec(rest);
  if (typed) {
    const [whole, prefix, raw] = typed as unknown as [string, string, string];
    if (prefix === 'guid' || prefix === 'time') return { literal: { kind: 'literal', type: 'Edm.String', value: raw }, end: pos + whole.length };
    const ms = parseODataDate(prefix === 'datetimeoffset' ? raw : raw.replace(/Z$/, ''));
    if (ms === undefined) throw invalidToken(pos);
    return { literal: { kind: 'literal', type: prefix === 'datetime' ? 'Edm.DateTime' : 'Edm.DateTimeOffset', value: ms }, end: pos + whole.length };
  }
  const str = /^'((?:[^']|'')*)'/.exec(rest);
  if (str) return { literal: { kind: 'literal', type: 'Edm.String', value: str[1]!.replace(/''/g, "'") }, end: pos + str[0].length };
  const num = /^-?\d+(\.\d+)?([mMdDfFlL])?(?![\w.])/.exec(rest);
  if (num) {
    const decimal = /[mMdDfF]/.test(num[2] ?? '') || num[1] !== undefined;
    const digits = num[0].replace(/[mMdDfFlL]$/, '');
    return { literal: { kind: 'literal', type: decimal ? 'Edm.Decimal' : 'number', value: digits }, end: pos + num[0].length };
  }
  const word = /^(true|false|null)(?![\w])/.exec(rest);
  if (word) {
    if (word[1] === 'null') return { literal: { kind: 'literal', type: 'null', value: null }, end: pos + 4 };
    return { literal: { kind: 'literal', type: 'Edm.Boolean', value: word[1] === 'true' }, end: pos + word[1]!.length };
  }
  return undefined;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  while (pos < text.length) {
    const ch = text[pos]!;
    if (/\s/.test(ch)) {
      pos++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'comma', text: ch, pos });
      pos++;
      continue;
    }
    const lit = readLiteral(text, pos);
    if (lit) {
      tokens.push({ kind: 'literal', text: text.slice(pos, lit.end), pos, literal: lit.literal });
      pos = lit.end;
      continue;
    }
    const word = /^[A-Za-z_][\w]*(?:\/[A-Za-z_][\w]*)*/.exec(text.slice(pos));
    if (!word) throw invalidToken(pos);
    tokens.push({ kind: 'word', text: word[0], pos });
    pos += word[0].length;
  }
  return tokens;
}

function typeOf(node: Node): EdmType | 'null' | 'number' {
  switch (node.kind) {
    case 'literal':
      return node.type;
    case 'prop':
      return node.prop.type;
    case 'call':
      return functions[node.name]!.returns;
    default:
      return 'Edm.Boolean';
  }
}

/** Brings a literal to the type of the property it is compared with, or refuses the pair. */
function coerce(literal: Literal, type: EdmType, pos: string): Literal {
  if (literal.type === 'null' || literal.type === type) return literal;
  const numeric = literal.type === 'number' || literal.type === 'Edm.Decimal';
  if (type === 'Edm.Decimal' && numeric) return { ...literal, type };
  if ((type === 'Edm.Int32' || type === 'Edm.Byte') && literal.type === 'number') return { ...literal, type, value: Number(literal.value) };
  if (type === 'Edm.DateTimeOffset' && literal.type === 'Edm.DateTime') return { ...literal, type };
  if (type === 'Edm.DateTime' && literal.type === 'Edm.DateTimeOffset') return { ...literal, type };
  throw new ODataError(400, '/IWBEP/CM_MGW_RT/022', `Invalid parametertype used at function '${pos}'`);
}

function parse(tokens: Token[], props: Map<string, PropertyDef>, entityType: string): Node {
  let i = 0;
  const peek = () => tokens[i];
  const expect = (kind: Token['kind']) => {
    const t = tokens[i];
    if (t?.kind !== kind) throw invalidToken(t?.pos ?? tokens.at(-1)?.pos ?? 0);
    i++;
    return t;
  };

  function primary(): Node {
    const t = tokens[i++];
    if (!t) throw invalidToken(tokens.at(-1)?.pos ?? 0);
    if (t.kind === 'lparen') {
      const inner = or();
      expect('rparen');
      return inner;
    }
    if (t.kind === 'literal') return t.literal!;
    if (t.kind !== 'word') throw invalidToken(t.pos);
    if (t.text === 'not') return { kind: 'not', expr: comparison() };
    if (peek()?.kind === 'lparen') {
      const fn = functions[t.text];
      if (!fn) throw new ODataError(400, '/IWBEP/CM_MGW_RT/021', `Function '${t.text}' is not supported`);
      i++;
      const args: Node[] = [or()];
      while (peek()?.kind === 'comma') {
        i++;
        args.push(or());
      }
      expect('rparen');
      if (args.length !== fn.args) throw invalidToken(t.pos);
      return { kind: 'call', name: t.text, args };
    }
    const prop = props.get(t.text);
    if (!prop) throw new ODataError(400, '/IWBEP/CM_MGW_RT/021', `Property ${t.text} not found in type ${entityType}`);
    return { kind: 'prop', prop };
  }

  function comparison(): Node {
    const left = primary();
    const op = peek();
    if (op?.kind !== 'word' || !comparisons.has(op.text)) return left;
    i++;
    let right = primary();
    let l = left;
    if (l.kind === 'prop' && right.kind === 'literal') right = coerce(right, l.prop.type, op.text);
    else if (right.kind === 'prop' && l.kind === 'literal') l = coerce(l, right.prop.type, op.text);
    else if (l.kind === 'call' && right.kind === 'literal' && right.type !== 'null') right = coerce(right, typeOf(l) as EdmType, op.text);
    return { kind: 'compare', op: op.text, left: l, right };
  }

  function and(): Node {
    let left = comparison();
    while (peek()?.kind === 'word' && peek()!.text === 'and') {
      i++;
      left = { kind: 'logical', op: 'and', left, right: comparison() };
    }
    return left;
  }

  function or(): Node {
    let left = and();
    while (peek()?.kind === 'word' && peek()!.text === 'or') {
      i++;
      left = { kind: 'logical', op: 'or', left, right: and() };
    }
    return left;
  }

  const root = or();
  if (i < tokens.length) throw invalidToken(tokens[i]!.pos);
  return root;
}

function evaluate(node: Node, row: Row): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'prop':
      return row[node.prop.name] ?? null;
    case 'not':
      return !evaluate(node.expr, row);
    case 'logical':
      return node.op === 'and' ? Boolean(evaluate(node.left, row)) && Boolean(evaluate(node.right, row)) : Boolean(evaluate(node.left, row)) || Boolean(evaluate(node.right, row));
    case 'call': {
      const args = node.args.map((a) => evaluate(a, row));
      const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
      switch (node.name) {
        case 'substringof':
          return s(args[1]).includes(s(args[0]));
        case 'startswith':
          return s(args[0]).startsWith(s(args[1]));
        case 'endswith':
          return s(args[0]).endsWith(s(args[1]));
        case 'length':
          return s(args[0]).length;
        case 'trim':
          return s(args[0]).trim();
        default:
          return s(args[0]) + s(args[1]);
      }
    }
    case 'compare': {
      const a = evaluate(node.left, row);
      const b = evaluate(node.right, row);
      const type = [typeOf(node.left), typeOf(node.right)].find((t) => t !== 'null' && t !== 'number') ?? 'Edm.Decimal';
      const isNull = (v: unknown) => v === null || v === undefined;
      if (isNull(a) || isNull(b)) {
        const same = isNull(a) && isNull(b);
        return node.op === 'eq' ? same : node.op === 'ne' ? !same : false;
      }
      const c = type === 'Edm.Decimal' ? new Big(a as string).cmp(b as string) : compareValues(type as EdmType, a, b);
      switch (node.op) {
        case 'eq': return c === 0;
        case 'ne': return c !== 0;
        case 'gt': return c > 0;
        case 'ge': return c >= 0;
        case 'lt': return c < 0;
        default: return c <= 0;
      }
    }
  }
}

export type Predicate = (row: Row) => boolean;

/** Compiles `$filter` against an entity type's properties; throws ODataError (400) as Gateway would. */
export function compileFilter(text: string, properties: readonly PropertyDef[], entityType: string): Predicate {
  const props = new Map(properties.map((p) => [p.name, p]));
  const root = parse(tokenize(text), props, entityType);
  return (row) => Boolean(evaluate(root, row));
}

/**
 * The values a filter pins one property to (`P eq 'a' or P eq 'b'`, possibly and-ed with other
 * conditions), so that a large entity set can be narrowed through an index before the full filter runs.
 */
export function pinnedValues(text: string, property: string, properties: readonly PropertyDef[]): string[] | undefined {
  let root: Node;
  try {
    root = parse(tokenize(text), new Map(properties.map((p) => [p.name, p])), '');
  } catch {
    return undefined;
  }
  function collect(node: Node): string[] | undefined {
    if (node.kind === 'compare' && node.op === 'eq' && node.left.kind === 'prop' && node.left.prop.name === property && node.right.kind === 'literal') return [String(node.right.value)];
    if (node.kind === 'logical' && node.op === 'or') {
      const l = collect(node.left);
      const r = collect(node.right);
      return l && r ? [...l, ...r] : undefined;
    }
    if (node.kind === 'logical' && node.op === 'and') return collect(node.left) ?? collect(node.right);
    return undefined;
  }
  return collect(root);
}
