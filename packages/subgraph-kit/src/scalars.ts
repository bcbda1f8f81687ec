import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

function stringScalar(name: string, description: string, check: (value: string) => boolean, hint: string): GraphQLScalarType {
  const parse = (value: unknown): string => {
    if (typeof value !== 'string' || !check(value)) {
      throw new GraphQLError(`${name} must be ${hint}; got ${JSON.stringify(value)}`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
    parseValue: parse,
    parseLiteral: (ast) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
  });
}

const decimal = /^-?\d+(\.\d+)?$/;
const duration = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

export const scalarResolvers = {
  Decimal: stringScalar('Decimal', 'A decimal number as a string.', (v) => decimal.test(v), 'a decimal string such as "19.99"'),
  DateTime: stringScalar('DateTime', 'An ISO-8601 timestamp.', (v) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v), 'an ISO-8601 timestamp'),
  Duration: stringScalar('Duration', 'An ISO-8601 duration.', (v) => duration.test(v), 'an ISO-8601 duration such as "PT2H"'),
  URL: stringScalar('URL', 'An absolute http(s) URL.', (v) => /^https?:\/\/\S+$/.test(v), 'an absolute http(s) URL'),
};

/** Minutes as an ISO-8601 duration ("PT2H", "PT45M", "P2D"). */
export function isoDuration(minutes: number): string {
  if (minutes % 1440 === 0 && minutes > 0) return `P${minutes / 1440}D`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ''}${m || !h ? `${m}M` : ''}`;
}
