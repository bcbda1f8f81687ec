import type { Random } from './random.ts';
import type { Address, Company, LoyaltyTier, Person } from './types.ts';

const firstNames = ['Ava', 'Liam', 'Sofia', 'Noah', 'Mia', 'Lucas', 'Amara', 'Mateo', 'Chloe', 'Ethan', 'Zoe', 'Kenji', 'Priya', 'Omar', 'Elena', 'Jonas', 'Fatima', 'Hugo', 'Ingrid', 'Diego', 'Aisha', 'Leo', 'Hannah', 'Malik', 'Clara', 'Finn', 'Yuki', 'Nora', 'Ravi', 'Emma', 'Tomás', 'Lena', 'Kwame', 'Isabel', 'Felix', 'Maya', 'Sven', 'Léa', 'Arjun', 'Greta'];
const lastNames = ['Chen', 'Smith', 'Garcia', 'Müller', 'Johnson', 'Okafor', 'Rossi', 'Dubois', 'Nguyen', 'Patel', 'Kim', 'Andersson', 'Silva', 'Brown', 'Novak', 'Jansen', 'Haddad', 'Tanaka', 'Williams', 'Schmidt', 'Martin', 'Lopez', 'Kowalski', 'Murphy', 'Fischer', 'Bernard', 'Ahmed', 'Larsen', 'Moreau', 'Walker'];
const domains = ['example.com', 'mail.example.net', 'inbox.example.org', 'post.example.de', 'example.co.uk'];

interface City {
  city: string;
  countryCode: string;
  province?: string;
  postalCode: (r: Random) => string;
}
/** Repeated by weight, so that a uniform pick favours the big cities. */
const cities: City[] = [];
function addCity(city: string, countryCode: string, province: string | undefined, postalCode: (r: Random) => string, weight: number) {
  for (let i = 0; i < weight; i++) cities.push({ city, countryCode, ...(province ? { province } : {}), postalCode });
}
addCity('New York', 'US', 'NY', (r) => `100${r.int(10, 99)}`, 6);
addCity('Brooklyn', 'US', 'NY', (r) => `112${r.int(10, 40)}`, 3);
addCity('Boston', 'US', 'MA', (r) => `021${r.int(10, 40)}`, 2);
addCity('Chicago', 'US', 'IL', (r) => `606${r.int(10, 60)}`, 4);
addCity('Portland', 'US', 'OR', (r) => `972${r.int(10, 40)}`, 2);
addCity('San Francisco', 'US', 'CA', (r) => `941${r.int(10, 40)}`, 3);
addCity('Los Angeles', 'US', 'CA', (r) => `900${r.int(10, 99)}`, 4);
addCity('Denver', 'US', 'CO', (r) => `802${r.int(10, 40)}`, 2);
addCity('Austin', 'US', 'TX', (r) => `787${r.int(10, 50)}`, 2);
addCity('Seattle', 'US', 'WA', (r) => `981${r.int(10, 99)}`, 2);
addCity('London', 'GB', undefined, (r) => `${r.pick(['N1', 'E2', 'SW4', 'SE1', 'W11'])} ${r.int(1, 9)}${r.pick(['AB', 'LT', 'QX', 'RN'])}`, 4);
addCity('Manchester', 'GB', undefined, (r) => `M${r.int(1, 20)} ${r.int(1, 9)}${r.pick(['AB', 'DN', 'PQ'])}`, 1);
addCity('Berlin', 'DE', undefined, (r) => `10${r.int(115, 999)}`, 3);
addCity('Munich', 'DE', undefined, (r) => `80${r.int(331, 999)}`, 2);
addCity('Amsterdam', 'NL', undefined, (r) => `10${r.int(11, 99)} ${r.pick(['AB', 'CK', 'HX'])}`, 2);
addCity('Paris', 'FR', undefined, (r) => `750${String(r.int(1, 20)).padStart(2, '0')}`, 2);
const streets = ['Main St', 'Oak Ave', 'Maple Dr', 'High Street', 'Park Lane', 'Hauptstraße', 'Kanaalweg', 'Rue de la Paix', 'Elm St', 'Cedar Rd'];

export function randomAddress(random: Random): Address {
  const c = random.pick(cities);
  return {
    line1: `${random.int(1, 480)} ${random.pick(streets)}`,
    city: c.city,
    ...(c.province ? { province: c.province } : {}),
    postalCode: c.postalCode(random),
    countryCode: c.countryCode,
  };
}

export function tierFor(points: number): LoyaltyTier {
  if (points >= 15000) return 'PLATINUM';
  if (points >= 5000) return 'GOLD';
  if (points >= 1500) return 'SILVER';
  return 'BRONZE';
}

export const companies: Company[] = [
  { id: 'acme', name: 'Acme Outdoor Supply', domain: 'acme-outdoor.example', customerGroup: 'B2', erpCustomerId: '10000001', countryCode: 'US', partnerKey: 'acme' },
  { id: 'alpenhaus', name: 'Alpenhaus Sport GmbH', domain: 'alpenhaus.example', customerGroup: 'B3', erpCustomerId: '10000002', countryCode: 'DE', partnerKey: 'alpenhaus' },
  { id: 'harbor-home', name: 'Harbor Home Interiors', domain: 'harborhome.example', customerGroup: 'B2', erpCustomerId: '10000003', countryCode: 'US', partnerKey: 'harbor-home' },
  { id: 'northern-trail', name: 'Northern Trail Co-op', domain: 'northerntrail.example', customerGroup: 'B2', erpCustomerId: '10000004', countryCode: 'CA', partnerKey: 'northern-trail' },
  { id: 'maison-lumiere', name: 'Maison Lumière SARL', domain: 'maisonlumiere.example', customerGroup: 'B3', erpCustomerId: '10000005', countryCode: 'FR', partnerKey: 'maison-lumiere' },
  { id: 'peak-gear', name: 'Peak Gear Marketplace Ltd', domain: 'peakgear.example', customerGroup: 'B2', erpCustomerId: '10000006', countryCode: 'GB', partnerKey: 'peak-gear' },
];

/** The person every README example signs in as: in every channel, with orders in each. */
export const demoCustomerEmail = 'ava.chen@example.com';

export function generatePeople(random: Random, count: number, now: Date): Person[] {
  const people: Person[] = [];
  const emails = new Set<string>();
  for (let i = 0; i < count; i++) {
    const demo = i === 0;
    const firstName = demo ? 'Ava' : random.pick(firstNames);
    const lastName = demo ? 'Chen' : random.pick(lastNames);
    const local = `${firstName}.${lastName}`.normalize('NFKD').replace(/[^\w.]/g, '').toLowerCase();
    let email = demo ? demoCustomerEmail : `${local}${random.chance(0.6) ? random.int(1, 999) : ''}@${random.pick(domains)}`;
    while (emails.has(email)) email = `${local}${random.int(1000, 9999)}@${random.pick(domains)}`;
    emails.add(email);

    // Some people type their address capitalised in one shop: systems must match emails case-insensitively.
    const typed = random.chance(0.08) ? email.charAt(0).toUpperCase() + email.slice(1) : email;
    const address = demo ? { line1: '48 Mercer St', city: 'New York', province: 'NY', postalCode: '10013', countryCode: 'US' } : randomAddress(random);
    const inCrm = demo || random.chance(0.88);
    const inWeb = demo || random.chance(0.7);
    const inMarketplace = demo || random.chance(0.35) || (!inCrm && !inWeb);
    const points = demo ? 7420 : random.chance(0.7) ? Math.floor(20000 * random.next() ** 3) : 0;
    people.push({
      key: `person-${String(i + 1).padStart(5, '0')}`,
      email,
      firstName,
      lastName,
      phone: address.countryCode === 'US' ? `+1${random.int(201, 989)}${random.digits(7)}` : `+${random.pick(['44', '49', '31', '33'])}${random.digits(9)}`,
      address,
      createdAt: new Date(now.getTime() - random.int(20, 1400) * 86_400_000).toISOString(),
      acceptsMarketing: random.chance(0.55),
      ...(inCrm ? { crm: { loyaltyPoints: points, tier: tierFor(points), storeCreditUsd: demo ? '25.00' : random.chance(0.12) ? `${random.int(5, 120)}.00` : '0.00' } } : {}),
      ...(inWeb ? { webStore: { emailAsStored: typed } } : {}),
      ...(inMarketplace ? { marketplace: { emailAsStored: email.toLowerCase() } } : {}),
    });
  }
  // Buyers at partner companies: CRM contacts associated with their company.
  for (const company of companies) {
    for (let n = 0; n < 3; n++) {
      const firstName = random.pick(firstNames);
      const lastName = random.pick(lastNames);
      const email = `${firstName}.${lastName}${n ? n : ''}@${company.domain}`.normalize('NFKD').replace(/[^\w.@-]/g, '').toLowerCase();
      people.push({
        key: `person-${company.id}-${n + 1}`,
        email,
        firstName,
        lastName,
        phone: `+1${random.int(201, 989)}${random.digits(7)}`,
        address: randomAddress(random),
        createdAt: new Date(now.getTime() - random.int(100, 1400) * 86_400_000).toISOString(),
        acceptsMarketing: false,
        crm: { loyaltyPoints: 0, tier: 'BRONZE', storeCreditUsd: '0.00' },
        companyId: company.id,
      });
    }
  }
  return people;
}
