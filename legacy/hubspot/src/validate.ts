import { propertyProblem, type PropertyProblem } from './errors.ts';
import type { ObjectType, PropertyCatalog } from './properties.ts';

export type Validated = { ok: true; values: Record<string, string> } | { ok: false; problems: PropertyProblem[] };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks written property values the way HubSpot does: unknown names, read-only values, options
 * of enumerations and numbers are refused; JSON numbers and booleans are accepted and kept as
 * strings; `null` clears; emails are stored lower-cased.
 */
export function validateProperties(catalog: PropertyCatalog, type: ObjectType, input: unknown): Validated {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [propertyProblem('properties', 'PROPERTY_DOESNT_EXIST', 'properties must be an object')] };
  }
  const problems: PropertyProblem[] = [];
  const values: Record<string, string> = {};
  for (const [name, raw] of Object.entries(input)) {
    const def = catalog.get(type, name);
    if (!def) {
      problems.push(propertyProblem(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`));
      continue;
    }
    if (def.modificationMetadata.readOnlyValue) {
      problems.push(propertyProblem(name, 'READ_ONLY_VALUE', `"${name}" is a read only property; its value cannot be set.`));
      continue;
    }
    let value = raw === null || raw === undefined ? '' : String(raw).trim();
    if (value !== '' && def.type === 'number' && !Number.isFinite(Number(value))) {
      problems.push(propertyProblem(name, 'INVALID_DOUBLE', `${value} was not a valid number.`));
      continue;
    }
    if (value !== '' && def.type === 'enumeration' && !def.options.some((o) => o.value === value)) {
      problems.push(propertyProblem(name, 'INVALID_OPTION', `${value} was not one of the allowed options: [${def.options.map((o) => o.value).join(', ')}]`));
      continue;
    }
    if (name === 'email' && value !== '') {
      value = value.toLowerCase();
      if (!EMAIL.test(value)) {
        problems.push(propertyProblem(name, 'INVALID_EMAIL', `Email address ${value} is invalid`));
        continue;
      }
    }
    values[name] = value;
  }
  return problems.length ? { ok: false, problems } : { ok: true, values };
}
