import type { PropertyDef } from './edm.ts';
import type { EntitySetDef, ServiceDef } from './model.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

function property(prop: PropertyDef, keys: readonly string[]): string {
  const attrs = [`Name="${prop.name}"`, `Type="${prop.type}"`];
  if (prop.nullable === false || keys.includes(prop.name)) attrs.push('Nullable="false"');
  if (prop.maxLength !== undefined) attrs.push(`MaxLength="${prop.maxLength}"`);
  if (prop.precision !== undefined) attrs.push(`Precision="${prop.precision}"`);
  if (prop.scale !== undefined) attrs.push(`Scale="${prop.scale}"`);
  if (prop.currency) attrs.push(`sap:unit="${prop.currency}"`);
  if (prop.unit) attrs.push(`sap:unit="${prop.unit}"`);
  attrs.push(`sap:label="${esc(prop.label ?? prop.name)}"`);
  if (prop.readOnly) attrs.push('sap:creatable="false" sap:updatable="false"');
  return `<Property ${attrs.join(' ')}/>`;
}

const assocName = (set: EntitySetDef, nav: string) => `assoc_${set.type}_${nav}`;

/** The service's EDMX (OData v2, with SAP annotations), generated from the same model that serves the data. */
export function metadataXml(service: ServiceDef): string {
  const ns = service.name;
  const types: string[] = [];
  const associations: string[] = [];
  const entitySets: string[] = [];
  const associationSets: string[] = [];
  for (const set of service.sets) {
    const navs = (set.navigations ?? []).map((nav) => {
      const name = assocName(set, nav.name);
      const target = service.sets.find((s) => s.name === nav.target)!;
      associations.push(`<Association Name="${name}" sap:content-version="1"><End Type="${ns}.${set.type}" Multiplicity="1" Role="FromRole_${name}"/><End Type="${ns}.${target.type}" Multiplicity="${nav.many ? '*' : '0..1'}" Role="ToRole_${name}"/></Association>`);
      associationSets.push(`<AssociationSet Name="${name}" Association="${ns}.${name}" sap:creatable="false" sap:updatable="false" sap:deletable="false" sap:content-version="1"><End EntitySet="${set.name}" Role="FromRole_${name}"/><End EntitySet="${target.name}" Role="ToRole_${name}"/></AssociationSet>`);
      return `<NavigationProperty Name="${nav.name}" Relationship="${ns}.${name}" FromRole="FromRole_${name}" ToRole="ToRole_${name}"/>`;
    });
    types.push([
      `<EntityType Name="${set.type}" sap:label="${esc(set.label ?? set.name)}" sap:content-version="1">`,
      `<Key>${set.keys.map((k) => `<PropertyRef Name="${k}"/>`).join('')}</Key>`,
      ...set.properties.map((prop) => property(prop, set.keys)),
      ...navs,
      '</EntityType>',
    ].join(''));
    const writable = set.create ? 'true' : 'false';
    entitySets.push(`<EntitySet Name="${set.name}" EntityType="${ns}.${set.type}" sap:creatable="${writable}" sap:updatable="${set.update ? 'true' : 'false'}" sap:deletable="false" sap:content-version="1"/>`);
  }
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<edmx:Edmx Version="1.0" xmlns:edmx="http://schemas.microsoft.com/ado/2007/06/edmx" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" xmlns:sap="http://www.sap.com/Protocols/SAPData">',
    '<edmx:DataServices m:DataServiceVersion="2.0">',
    `<Schema Namespace="${ns}" xml:lang="en" sap:schema-version="1" xmlns="http://schemas.microsoft.com/ado/2008/09/edm">`,
    ...types,
    ...associations,
    `<EntityContainer Name="${ns}_Entities" m:IsDefaultEntityContainer="true" sap:supported-formats="atom json xlsx">`,
    ...entitySets,
    ...associationSets,
    '</EntityContainer>',
    '</Schema>',
    '</edmx:DataServices>',
    '</edmx:Edmx>',
  ].join('\n');
}
