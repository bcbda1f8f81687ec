import type { NewOrder, NewOrderProduct } from '../account.ts';

/**
 * Validates a `CreateOrderModel` the way ShipBob's ASP.NET model binding does: every problem at
 * once, keyed by the JSON path, each with a list of messages.
 */
export function readNewOrder(body: unknown): { ok: true; order: NewOrder } | { ok: false; errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  const fail = (path: string, message: string) => (errors[path] ??= []).push(message);
  const o = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  const optStr = (v: unknown) => (typeof v === 'string' ? v : null);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

  const reference = str(o.reference_id);
  if (!reference) fail('reference_id', 'The ReferenceId field is required.');
  else if (reference.length > 300) fail('reference_id', 'The field ReferenceId must be a string with a maximum length of 300.');
  const shippingMethod = str(o.shipping_method);
  if (!shippingMethod) fail('shipping_method', 'The ShippingMethod field is required.');
  const type = o.type;
  if (type !== 'DTC' && type !== 'DropShip' && type !== 'B2B') fail('type', "The Type field is required and must be one of 'DTC', 'DropShip', 'B2B'.");

  const r = (typeof o.recipient === 'object' && o.recipient !== null ? o.recipient : undefined) as Record<string, unknown> | undefined;
  const a = (typeof r?.address === 'object' && r.address !== null ? r.address : undefined) as Record<string, unknown> | undefined;
  if (!r) fail('recipient', 'The Recipient field is required.');
  else {
    if (!str(r.name)) fail('recipient.name', 'The Name field is required.');
    if (!a) fail('recipient.address', 'The Address field is required.');
    else {
      if (!str(a.address1)) fail('recipient.address.address1', 'The Address1 field is required.');
      if (!str(a.city)) fail('recipient.address.city', 'The City field is required.');
      if (!str(a.country)) fail('recipient.address.country', 'The Country field is required.');
    }
  }

  const products: NewOrderProduct[] = [];
  if (!Array.isArray(o.products) || o.products.length === 0) fail('products', 'The Products field is required and must contain at least one product.');
  else {
    o.products.forEach((raw, i) => {
      const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
      const quantity = p.quantity;
      if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) fail(`products[${i}].quantity`, 'The field Quantity must be between 1 and 2147483647.');
      const external = typeof p.external_line_id === 'number' ? p.external_line_id : null;
      if (typeof p.id === 'number') {
        products.push({ id: p.id, quantity: quantity as number, external_line_id: external });
        return;
      }
      const ref = str(p.reference_id);
      const name = str(p.name);
      if (!ref) fail(`products[${i}].reference_id`, 'The ReferenceId field is required.');
      if (!name) fail(`products[${i}].name`, 'The Name field is required.');
      if (ref && name) products.push({ reference_id: ref, name, quantity: quantity as number, sku: optStr(p.sku), unit_price: num(p.unit_price), gtin: optStr(p.gtin), external_line_id: external });
    });
  }
  const purchase = o.purchase_date;
  if (purchase !== undefined && purchase !== null && (typeof purchase !== 'string' || Number.isNaN(Date.parse(purchase)))) fail('purchase_date', 'The PurchaseDate field is not a valid date-time.');
  const tags = Array.isArray(o.tags) ? o.tags.filter((t): t is { name: string; value: string } => typeof t?.name === 'string' && typeof t?.value === 'string') : [];
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const order: NewOrder = {
    reference_id: reference!,
    order_number: optStr(o.order_number),
    type: type as NewOrder['type'],
    shipping_method: shippingMethod!,
    purchase_date: typeof purchase === 'string' ? new Date(purchase).toISOString() : null,
    recipient: {
      name: r!.name as string,
      email: optStr(r!.email),
      phone_number: optStr(r!.phone_number),
      address: {
        address1: a!.address1 as string, address2: optStr(a!.address2), company_name: optStr(a!.company_name), city: a!.city as string,
        state: optStr(a!.state), zip_code: optStr(a!.zip_code), country: a!.country as string,
      },
    },
    products,
    total_price: num((o.financials as { total_price?: unknown } | undefined)?.total_price),
    tags,
    gift_message: optStr(o.gift_message),
    location_id: typeof o.location_id === 'number' ? o.location_id : null,
  };
  return { ok: true, order };
}
