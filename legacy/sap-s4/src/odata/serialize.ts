import { formatKeyValue, formatValue, type PropertyDef, type Row } from './edm.ts';
import type { EntitySetDef, ServiceDef } from './model.ts';

/** `$select` / `$expand` as a tree: which properties to show and which navigations to inline. */
export interface Projection {
  /** Selected properties; undefined = all. */
  select?: Set<string>;
  expand: Map<string, Projection>;
}

export function setByName(service: ServiceDef, name: string): EntitySetDef | undefined {
  return service.sets.find((s) => s.name === name);
}

/** `A_SalesOrder('5000000001')` or `A_ProductDescription(Product='X',Language='EN')`. */
const keyProps = new WeakMap<EntitySetDef, PropertyDef[]>();

export function entityPath(set: EntitySetDef, row: Row): string {
  let keys = keyProps.get(set);
  if (!keys) {
    keys = set.keys.map((k) => set.properties.find((p) => p.name === k)!);
    keyProps.set(set, keys);
  }
  if (keys.length === 1) return `${set.name}(${formatKeyValue(keys[0]!, row[keys[0]!.name])})`;
  return `${set.name}(${keys.map((k) => `${k.name}=${formatKeyValue(k, row[k.name])}`).join(',')})`;
}

/**
 * One entity in OData v2 JSON: `__metadata`, its properties in EDM wire format, navigation
 * properties as `__deferred` links unless `$expand`ed (then `{ results: [...] }` or the entity).
 */
export function serializeEntity(service: ServiceDef, set: EntitySetDef, row: Row, serviceUrl: string, projection: Projection = { expand: new Map() }): Record<string, unknown> {
  const uri = `${serviceUrl}/${entityPath(set, row)}`;
  const out: Record<string, unknown> = { __metadata: { id: uri, uri, type: `${service.name}.${set.type}` } };
  for (const prop of set.properties) {
    if (projection.select && !projection.select.has(prop.name)) continue;
    out[prop.name] = formatValue(prop, row[prop.name], row);
  }
  for (const nav of set.navigations ?? []) {
    const inner = projection.expand.get(nav.name);
    if (!inner) {
      if (!projection.select || projection.select.has(nav.name)) out[nav.name] = { __deferred: { uri: `${uri}/${nav.name}` } };
      continue;
    }
    const target = setByName(service, nav.target)!;
    const related = nav.resolve(row).map((r) => serializeEntity(service, target, r, serviceUrl, inner));
    out[nav.name] = nav.many ? { results: related } : (related[0] ?? null);
  }
  return out;
}
