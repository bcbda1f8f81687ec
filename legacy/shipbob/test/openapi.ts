import { existsSync, readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * ShipBob publishes one OpenAPI document per API version (developer.shipbob.com/2026-01/...). It is
 * ShipBob's material, so it is not committed here: point SHIPBOB_OPENAPI_SPEC at a copy (3.0 with
 * `nullable`, or 3.1 with type arrays; both are handled) to run the conformance suite.
 */
export const specPath = process.env.SHIPBOB_OPENAPI_SPEC;

type Node = Record<string, unknown>;
interface Spec {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Node }> }> }>>;
  components: { schemas: Record<string, Node> };
}

const IGNORED = new Set(['example', 'examples', 'xml', 'externalDocs', 'discriminator', 'deprecated', 'x-name', 'readOnly', 'writeOnly', 'description', 'title']);

/** OpenAPI schema object → draft-07 JSON Schema for Ajv ('nullable' → null in the type, refs into the spec document). */
function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (typeof node !== 'object' || node === null) return node;
  const n = node as Node;
  if (typeof n.$ref === 'string') {
    // Siblings of $ref are not part of the referenced schema (OpenAPI 3.0), e.g. a stray additionalProperties:false.
    const ref = { $ref: `shipbob${n.$ref}` };
    return n.nullable === true ? { anyOf: [ref, { type: 'null' }] } : ref;
  }
  const out: Node = {};
  for (const [k, v] of Object.entries(n)) {
    if (IGNORED.has(k) || k.startsWith('x-') || k === 'nullable') continue;
    out[k] = k === 'properties' || k === 'definitions' ? Object.fromEntries(Object.entries(v as Node).map(([p, s]) => [p, convert(s)])) : convert(v);
  }
  // OpenAPI 3.0 puts additionalProperties on scalars too; harmless, but keep it only on objects.
  if (out.type !== 'object' && !(Array.isArray(out.type) && out.type.includes('object'))) delete out.additionalProperties;
  if (n.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.oneOf)) out.oneOf = [...out.oneOf, { type: 'null' }];
    else if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  if (Array.isArray(out.enum) && Array.isArray(out.type) && out.type.includes('null') && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

export interface Conformance {
  /** Validates `body` against the spec's schema for that operation and status; returns Ajv's errors. */
  check(method: string, path: string, status: number, body: unknown): { ok: boolean; errors: string[]; documented: boolean };
}

export function loadConformance(): Conformance | undefined {
  if (!specPath || !existsSync(specPath)) return undefined;
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as Spec;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const f of ['int32', 'int64', 'double', 'float', 'currency', 'postal-code', 'tel', 'byte', 'decimal']) ajv.addFormat(f, true);
  ajv.addSchema({ $id: 'shipbob', components: { schemas: convert(spec.components.schemas) } });
  const cache = new Map<string, ValidateFunction | null>();
  return {
    check(method, path, status, body) {
      const key = `${method} ${path} ${status}`;
      if (!cache.has(key)) {
        const schema = spec.paths[path]?.[method.toLowerCase()]?.responses[String(status)]?.content?.['application/json']?.schema;
        cache.set(key, schema ? ajv.compile(convert(schema) as Node) : null);
      }
      const validate = cache.get(key);
      if (!validate) return { ok: false, documented: false, errors: [`${key} is not in the spec`] };
      const ok = validate(body) as boolean;
      return { ok, documented: true, errors: (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`) };
    },
  };
}
