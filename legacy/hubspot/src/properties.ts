import type { CustomerGroup } from '@ucg/legacy-seed';

export type ObjectType = 'contacts' | 'companies';

export type PropertyType = 'string' | 'number' | 'enumeration' | 'datetime' | 'bool';

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
}

/** A property definition as `/crm/v3/properties/{objectType}` returns it. */
export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: 'text' | 'textarea' | 'number' | 'select' | 'date' | 'booleancheckbox' | 'calculation_equation';
  description: string;
  groupName: string;
  options: PropertyOption[];
  displayOrder: number;
  calculated: boolean;
  externalOptions: boolean;
  hasUniqueValue: boolean;
  hidden: boolean;
  /** Only HubSpot's own properties carry this; custom ones omit it (that is how clients tell them apart). */
  hubspotDefined?: true;
  modificationMetadata: { archivable: boolean; readOnlyDefinition: boolean; readOnlyValue: boolean };
  formField: boolean;
  dataSensitivity: 'non_sensitive';
  createdAt: string;
  updatedAt: string;
  archived: false;
  createdUserId?: string;
  updatedUserId?: string;
}

/** When the retailer's admin created the custom properties (deterministic, so answers are stable). */
const CUSTOM_CREATED_AT = '2023-03-14T09:26:53.000Z';
const HUBSPOT_EPOCH = '2019-08-06T02:41:08.000Z';

type Spec = Pick<PropertyDefinition, 'name' | 'label' | 'type' | 'fieldType'> & Partial<Pick<PropertyDefinition, 'description' | 'groupName' | 'options' | 'hasUniqueValue' | 'calculated'>> & { readOnly?: boolean };

function standard(spec: Spec, i: number): PropertyDefinition {
  return {
    description: '', groupName: 'contactinformation', options: [], hasUniqueValue: false, calculated: false, ...spec,
    displayOrder: i, externalOptions: false, hidden: false, hubspotDefined: true,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: spec.readOnly ?? false },
    formField: !spec.readOnly, dataSensitivity: 'non_sensitive', createdAt: HUBSPOT_EPOCH, updatedAt: HUBSPOT_EPOCH, archived: false,
  };
}

function custom(spec: Spec, i: number): PropertyDefinition {
  return {
    description: '', groupName: 'loyalty_program', options: [], hasUniqueValue: false, calculated: false, ...spec,
    displayOrder: i, externalOptions: false, hidden: false,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    formField: false, dataSensitivity: 'non_sensitive', createdAt: CUSTOM_CREATED_AT, updatedAt: CUSTOM_CREATED_AT, archived: false,
    createdUserId: '9586504', updatedUserId: '9586504',
  };
}

function options(values: readonly string[], label: (v: string) => string = (v) => v): PropertyOption[] {
  return values.map((value, displayOrder) => ({ label: label(value), value, displayOrder, hidden: false }));
}

const capitalised = (v: string) => v.charAt(0).toUpperCase() + v.slice(1);

const contactProperties: PropertyDefinition[] = [
  ...[
    { name: 'email', label: 'Email', type: 'string', fieldType: 'text', hasUniqueValue: true },
    { name: 'firstname', label: 'First Name', type: 'string', fieldType: 'text' },
    { name: 'lastname', label: 'Last Name', type: 'string', fieldType: 'text' },
    { name: 'phone', label: 'Phone Number', type: 'string', fieldType: 'text' },
    { name: 'address', label: 'Street Address', type: 'string', fieldType: 'text' },
    { name: 'city', label: 'City', type: 'string', fieldType: 'text' },
    { name: 'state', label: 'State/Region', type: 'string', fieldType: 'text' },
    { name: 'zip', label: 'Postal Code', type: 'string', fieldType: 'text' },
    { name: 'country', label: 'Country/Region', type: 'string', fieldType: 'text' },
    { name: 'company', label: 'Company Name', type: 'string', fieldType: 'text' },
    { name: 'lifecyclestage', label: 'Lifecycle Stage', type: 'enumeration', fieldType: 'select', options: options(['subscriber', 'lead', 'customer', 'evangelist', 'other'], capitalised) },
    { name: 'hs_marketable_status', label: 'Marketing contact status', type: 'enumeration', fieldType: 'select', options: options(['true', 'false']) },
    { name: 'associatedcompanyid', label: 'Primary Associated Company ID', type: 'number', fieldType: 'number', groupName: 'contact_activity' },
    { name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', readOnly: true },
    { name: 'lastmodifieddate', label: 'Last Modified Date', type: 'datetime', fieldType: 'date', readOnly: true },
    { name: 'hs_object_id', label: 'Record ID', type: 'number', fieldType: 'number', readOnly: true, hasUniqueValue: true },
  ].map((s, i) => standard(s as Spec, i)),
  ...[
    { name: 'loyalty_points', label: 'Loyalty points', type: 'number', fieldType: 'number', description: 'Points balance in the retailer loyalty program.' },
    { name: 'loyalty_tier', label: 'Loyalty tier', type: 'enumeration', fieldType: 'select', options: options(['bronze', 'silver', 'gold', 'platinum'], capitalised) },
    { name: 'store_credit_balance', label: 'Store credit (USD)', type: 'number', fieldType: 'number', description: 'Store credit balance in US dollars.' },
    { name: 'loyalty_ledger', label: 'Loyalty ledger', type: 'string', fieldType: 'textarea', description: 'Recently applied loyalty operations (written by the commerce graph; do not edit).' },
  ].map((s, i) => custom(s as Spec, i)),
];

function companyProperties(groups: readonly CustomerGroup[]): PropertyDefinition[] {
  return [
    ...[
      { name: 'name', label: 'Company name', type: 'string', fieldType: 'text', groupName: 'companyinformation' },
      { name: 'domain', label: 'Company Domain Name', type: 'string', fieldType: 'text', groupName: 'companyinformation', hasUniqueValue: true },
      { name: 'country', label: 'Country/Region', type: 'string', fieldType: 'text', groupName: 'companyinformation' },
      { name: 'num_associated_contacts', label: 'Number of Associated Contacts', type: 'number', fieldType: 'number', groupName: 'companyinformation', readOnly: true, calculated: true },
      { name: 'createdate', label: 'Create Date', type: 'datetime', fieldType: 'date', groupName: 'companyinformation', readOnly: true },
      { name: 'hs_lastmodifieddate', label: 'Last Modified Date', type: 'datetime', fieldType: 'date', groupName: 'companyinformation', readOnly: true },
      { name: 'hs_object_id', label: 'Record ID', type: 'number', fieldType: 'number', groupName: 'companyinformation', readOnly: true, hasUniqueValue: true },
    ].map((s, i) => standard(s as Spec, i)),
    ...[
      { name: 'customer_group', label: 'Customer group', type: 'enumeration', fieldType: 'select', groupName: 'partner_account', options: groups.map((g, i) => ({ label: g.name, value: g.code, displayOrder: i, hidden: false })) },
      { name: 'erp_customer_id', label: 'ERP customer number', type: 'string', fieldType: 'text', groupName: 'partner_account', hasUniqueValue: true },
      { name: 'partner_key', label: 'Partner key', type: 'string', fieldType: 'text', groupName: 'partner_account', hasUniqueValue: true },
    ].map((s, i) => custom(s as Spec, i)),
  ];
}

/** The property definitions of the retailer's portal, per object type. */
export class PropertyCatalog {
  private readonly byType: Record<ObjectType, Map<string, PropertyDefinition>>;

  constructor(groups: readonly CustomerGroup[]) {
    this.byType = {
      contacts: new Map(contactProperties.map((p) => [p.name, p])),
      companies: new Map(companyProperties(groups).map((p) => [p.name, p])),
    };
  }

  all(type: ObjectType): PropertyDefinition[] {
    return [...this.byType[type].values()];
  }

  get(type: ObjectType, name: string): PropertyDefinition | undefined {
    return this.byType[type].get(name);
  }
}

/** What a read returns when the caller names no properties. */
export const DEFAULT_PROPERTIES: Record<ObjectType, readonly string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
};

/** Returned with every read, whatever properties were asked for. */
export const ALWAYS_RETURNED: Record<ObjectType, readonly string[]> = {
  contacts: ['createdate', 'hs_object_id', 'lastmodifieddate'],
  companies: ['createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

/** Contacts and companies name their modification timestamp differently (a real HubSpot quirk). */
export const MODIFIED_PROPERTY: Record<ObjectType, string> = { contacts: 'lastmodifieddate', companies: 'hs_lastmodifieddate' };
