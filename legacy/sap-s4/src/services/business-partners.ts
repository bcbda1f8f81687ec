import { currencyFor, type Retailer } from '@ucg/legacy-seed';
import { sapDate, type Row } from '../odata/edm.ts';
import { ODataError } from '../odata/errors.ts';
import { groupIndex, keyIndex, p, type EntitySetDef, type ServiceDef } from '../odata/model.ts';
import { WEB_ONE_TIME_CUSTOMER } from './org.ts';

/**
 * API_BUSINESS_PARTNER: the ERP's personal data. Partner companies are organisations and
 * customers (BP = their `erpCustomerId`); their buyers (seed people with a `companyId`) are
 * contact persons (BP 2000000n) linked by a contact relationship; suppliers are organisations.
 * SAP does not delete a business partner through this API: data protection is done by blocking
 * (`BusinessPartnerIsBlocked`) until the retention period ends, then ILM destroys it.
 */

/** A sold-to party the sales-order service prices and validates against (KNVV). */
export interface ErpCustomer {
  customer: string;
  name: string;
  customerGroup: string;
  currency: string;
}

export function supplierNumber(seedId: string): string {
  return `1730${seedId.replace(/\D/g, '')}`;
}

export function customersOf(retailer: Retailer): ErpCustomer[] {
  return [
    ...retailer.companies.map((c) => ({ customer: c.erpCustomerId, name: c.name, customerGroup: c.customerGroup, currency: currencyFor(c.countryCode) })),
    { customer: WEB_ONE_TIME_CUSTOMER, name: 'Web Store One-Time Customer', customerGroup: '01', currency: 'USD' },
  ];
}

export interface PartnerRows {
  partners: Row[];
  addresses: Row[];
  emails: Row[];
  phones: Row[];
  contacts: Row[];
}

const languageOf = (country: string) => (country === 'DE' ? 'DE' : country === 'FR' ? 'FR' : 'EN');

/** Projects the seed into BP rows (a fresh copy: blocking mutates them). */
export function seedPartners(retailer: Retailer): PartnerRows {
  const rows: PartnerRows = { partners: [], addresses: [], emails: [], phones: [], contacts: [] };
  const created = sapDate('2024-01-15T00:00:00Z');
  let addressSeq = 22000;
  const partner = (bp: string, fields: Row, address: Row) => {
    const AddressID = String(++addressSeq);
    rows.partners.push({ BusinessPartner: bp, Customer: '', Supplier: '', BusinessPartnerCategory: '2', BusinessPartnerGrouping: 'BP02', FirstName: '', LastName: '', OrganizationBPName1: '', CreationDate: created, LastChangeDate: created, BusinessPartnerIsBlocked: false, IsMarkedForArchiving: false, ...fields });
    rows.addresses.push({ BusinessPartner: bp, AddressID, ValidityStartDate: created, CityName: '', Country: '', PostalCode: '', StreetName: '', Region: '', ...address });
    return AddressID;
  };
  for (const c of customersOf(retailer)) {
    const company = retailer.companies.find((x) => x.erpCustomerId === c.customer);
    partner(c.customer, { Customer: c.customer, OrganizationBPName1: c.name.slice(0, 40), BusinessPartnerFullName: c.name, Language: languageOf(company?.countryCode ?? 'US'), SearchTerm1: c.name.slice(0, 20).toUpperCase() }, { Country: company?.countryCode ?? 'US' });
  }
  for (const s of retailer.suppliers) {
    const bp = supplierNumber(s.id);
    partner(bp, { Supplier: bp, OrganizationBPName1: s.name.slice(0, 40), BusinessPartnerFullName: s.name, Language: 'EN', SearchTerm1: s.name.slice(0, 20).toUpperCase() }, { Country: s.countryCode });
  }
  let personSeq = 20000000;
  let relationshipSeq = 0;
  for (const person of retailer.people.filter((x) => x.companyId)) {
    const company = retailer.companies.find((c) => c.id === person.companyId)!;
    const bp = String(++personSeq);
    const AddressID = partner(bp, {
      BusinessPartnerCategory: '1', BusinessPartnerGrouping: 'BP01', FirstName: person.firstName, LastName: person.lastName,
      BusinessPartnerFullName: `${person.firstName} ${person.lastName}`, Language: languageOf(person.address.countryCode), SearchTerm1: person.lastName.toUpperCase().slice(0, 20),
      CreationDate: sapDate(person.createdAt), LastChangeDate: sapDate(person.createdAt),
    }, { CityName: person.address.city, Country: person.address.countryCode, PostalCode: person.address.postalCode, StreetName: person.address.line1, Region: person.address.province ?? '' });
    rows.emails.push({ AddressID, Person: '', OrdinalNumber: '1', EmailAddress: person.email, IsDefaultEmailAddress: true });
    rows.phones.push({ AddressID, Person: '', OrdinalNumber: '1', DestinationLocationCountry: person.address.countryCode, InternationalPhoneNumber: person.phone, PhoneNumber: person.phone, PhoneNumberType: '3', IsDefaultPhoneNumber: true });
    rows.contacts.push({ RelationshipNumber: String(++relationshipSeq).padStart(12, '0'), BusinessPartnerCompany: company.erpCustomerId, BusinessPartnerPerson: bp, ValidityEndDate: Date.UTC(9999, 11, 31), ValidityStartDate: sapDate(person.createdAt), IsStandardRelationship: false, RelationshipCategory: 'BUR001' });
  }
  return rows;
}

export function businessPartnerService(state: () => PartnerRows, now: () => number): ServiceDef {
  const addressesOf = groupIndex('BusinessPartner', () => state().addresses);
  const emailsOf = groupIndex('AddressID', () => state().emails);
  const phonesOf = groupIndex('AddressID', () => state().phones);
  const contactsOfCompany = groupIndex('BusinessPartnerCompany', () => state().contacts);
  const contactsOfPerson = groupIndex('BusinessPartnerPerson', () => state().contacts);
  const partner: EntitySetDef = {
    name: 'A_BusinessPartner', type: 'A_BusinessPartnerType', label: 'Business Partner', keys: ['BusinessPartner'],
    properties: [
      p.key('BusinessPartner', 10), p.str('Customer', 10), p.str('Supplier', 10), p.str('BusinessPartnerCategory', 1), p.str('BusinessPartnerFullName', 81),
      p.str('BusinessPartnerGrouping', 4), p.str('FirstName', 40), p.str('LastName', 40), p.str('OrganizationBPName1', 40), p.str('Language', 2),
      p.str('SearchTerm1', 20), p.date('CreationDate', { readOnly: true }), p.date('LastChangeDate', { readOnly: true }),
      p.bool('BusinessPartnerIsBlocked', { label: 'Central Block' }), p.bool('IsMarkedForArchiving'),
    ],
    navigations: [
      { name: 'to_BusinessPartnerAddress', target: 'A_BusinessPartnerAddress', many: true, resolve: (r) => addressesOf(String(r.BusinessPartner)) },
      { name: 'to_BusinessPartnerContact', target: 'A_BusinessPartnerContact', many: true, resolve: (r) => [...contactsOfCompany(String(r.BusinessPartner)), ...contactsOfPerson(String(r.BusinessPartner))] },
    ],
    rows: () => state().partners,
    find: keyIndex(['BusinessPartner'], () => state().partners),
    update(row, changes) {
      for (const key of ['BusinessPartner', 'BusinessPartnerCategory']) {
        if (key in changes && changes[key] !== row[key]) throw new ODataError(400, 'R11/401', `Field ${key} cannot be changed`);
      }
      Object.assign(row, changes, { LastChangeDate: sapDate(now()) });
      return row;
    },
  };
  const address: EntitySetDef = {
    name: 'A_BusinessPartnerAddress', type: 'A_BusinessPartnerAddressType', label: 'Address', keys: ['BusinessPartner', 'AddressID'],
    properties: [
      p.key('BusinessPartner', 10), p.key('AddressID', 10), p.date('ValidityStartDate'), p.str('CityName', 40), p.str('Country', 3),
      p.str('PostalCode', 10), p.str('StreetName', 60), p.str('Region', 3),
    ],
    navigations: [
      { name: 'to_EmailAddress', target: 'A_AddressEmailAddress', many: true, resolve: (r) => emailsOf(String(r.AddressID)) },
      { name: 'to_PhoneNumber', target: 'A_AddressPhoneNumber', many: true, resolve: (r) => phonesOf(String(r.AddressID)) },
    ],
    rows: () => state().addresses,
  };
  const email: EntitySetDef = {
    name: 'A_AddressEmailAddress', type: 'A_AddressEmailAddressType', label: 'Email Address', keys: ['AddressID', 'Person', 'OrdinalNumber'],
    properties: [p.key('AddressID', 10), p.key('Person', 10), p.key('OrdinalNumber', 3), p.str('EmailAddress', 241), p.bool('IsDefaultEmailAddress')],
    rows: () => state().emails,
  };
  const phone: EntitySetDef = {
    name: 'A_AddressPhoneNumber', type: 'A_AddressPhoneNumberType', label: 'Phone Number', keys: ['AddressID', 'Person', 'OrdinalNumber'],
    properties: [
      p.key('AddressID', 10), p.key('Person', 10), p.key('OrdinalNumber', 3), p.str('DestinationLocationCountry', 3), p.str('InternationalPhoneNumber', 30),
      p.str('PhoneNumber', 30), p.str('PhoneNumberType', 1), p.bool('IsDefaultPhoneNumber'),
    ],
    rows: () => state().phones,
  };
  const contact: EntitySetDef = {
    name: 'A_BusinessPartnerContact', type: 'A_BusinessPartnerContactType', label: 'Contact Relationship', keys: ['RelationshipNumber', 'BusinessPartnerCompany', 'BusinessPartnerPerson', 'ValidityEndDate'],
    properties: [
      p.key('RelationshipNumber', 12), p.key('BusinessPartnerCompany', 10), p.key('BusinessPartnerPerson', 10), { ...p.date('ValidityEndDate'), nullable: false },
      p.date('ValidityStartDate'), p.bool('IsStandardRelationship'), p.str('RelationshipCategory', 6),
    ],
    rows: () => state().contacts,
  };
  return { name: 'API_BUSINESS_PARTNER', component: 'LO-MD-BP-API', sets: [partner, address, email, phone, contact] };
}
