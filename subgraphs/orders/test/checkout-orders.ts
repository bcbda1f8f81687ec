import { Big, money } from '@ucg/connector-core';
import { currencyFor, taxRates, type Person, type RetailerIndex } from '@ucg/legacy-seed';
import type { OrderDraft } from '@ucg/order-outbox';
import { customerIdForEmail } from '@ucg/request-context';

/**
 * Checkout orders as the cart would hand them to the outbox, built from the seed: real SKUs at
 * their list prices, shoppers from the CRM (and a few guests it does not know), shipping to the
 * US (ShipBob ships) or Europe (the EDI warehouse ships).
 */
export function checkoutDrafts(index: RetailerIndex, count: number): OrderDraft[] {
  const retailer = index.retailer;
  const shoppers = retailer.people.filter((p) => p.crm && !p.companyId);
  const us = shoppers.filter((p) => p.address.countryCode === 'US');
  const eu = shoppers.filter((p) => ['DE', 'NL', 'FR'].includes(p.address.countryCode));
  const variants = retailer.variants.filter((v) => index.productById.get(v.productId)!.inWebStore);
  const drafts: OrderDraft[] = [];
  for (let i = 0; i < count; i++) {
    const guest = i % 17 === 5;
    const person: Person = (i % 3 === 2 ? eu : us)[(i * 7) % (i % 3 === 2 ? eu.length : us.length)]!;
    const email = guest ? `guest.${i}@checkout.example` : person.email;
    const country = person.address.countryCode;
    const currency = currencyFor(country);
    const picks = [variants[(i * 31) % variants.length]!, ...(i % 4 === 0 ? [variants[(i * 53 + 11) % variants.length]!] : [])];
    const lines = picks.map((v, n) => {
      const unitPrice = money(index.price(v.sku, currency)!.amount, currency);
      const quantity = 1 + ((i + n) % 2);
      return {
        sku: v.sku, title: `${index.productById.get(v.productId)!.title.en} - ${v.title}`, quantity, unitPrice,
        total: money(new Big(unitPrice.amount).times(quantity), currency),
        fulfillment: { mode: 'SHIPPING' as const, locationId: null }, reservationId: null,
      };
    });
    const subtotal = money(lines.reduce((s, l) => s.plus(l.total.amount), new Big(0)), currency);
    const rule = taxRates[country]!;
    const tax = rule.included ? money(new Big(subtotal.amount).minus(new Big(subtotal.amount).div(1 + rule.rate)), currency) : money(new Big(subtotal.amount).times(rule.rate), currency);
    const total = rule.included ? subtotal : money(new Big(subtotal.amount).plus(tax.amount), currency);
    drafts.push({
      channel: 'WEB', email, customerId: guest ? null : customerIdForEmail(email), currencyCode: currency, countryCode: country,
      lines, subtotal, tax, taxIncluded: rule.included, shipping: money(0, currency), total,
      payments: [{ method: 'CARD', amount: total, system: 'webstore', reference: `auth-${i}` }],
      loyaltyPointsEarned: Math.floor(Number(subtotal.amount)),
      shippingAddress: {
        firstName: person.firstName, lastName: person.lastName, address1: person.address.line1, address2: null, city: person.address.city,
        province: person.address.province ?? null, zip: person.address.postalCode, countryCode: country, phone: null,
      },
      source: { kind: 'cart', id: `cart-${i}` },
    });
  }
  return drafts;
}
