import type { CartLineRecord, Fulfillment } from './cart.ts';

export type CartMergeStrategy = 'SUM' | 'MAX' | 'USE_GUEST' | 'USE_EXISTING';

/** One line of the merged cart and where it came from. */
export interface MergedLine {
  sku: string;
  fulfillment: Fulfillment;
  quantity: number;
  fromExisting: CartLineRecord | null;
  fromGuest: CartLineRecord | null;
}

export interface MergePlan {
  lines: MergedLine[];
  /** Lines that leave (their stock goes back). */
  dropped: CartLineRecord[];
}

const itemKey = (l: { sku: string; fulfillment: Fulfillment }) => `${l.sku}\n${l.fulfillment.mode}\n${l.fulfillment.locationId ?? ''}`;

/**
 * How a guest cart's lines join the customer's cart at sign-in, by item (SKU + fulfilment). Pure,
 * so each strategy is tested without I/O:
 * - SUM: items in both carts add up; items in one are kept.
 * - MAX: items in both carts keep the larger quantity; items in one are kept.
 * - USE_GUEST: only the guest cart's lines remain.
 * - USE_EXISTING: only the customer's cart's lines remain.
 */
export function planMerge(existing: readonly CartLineRecord[], guest: readonly CartLineRecord[], strategy: CartMergeStrategy): MergePlan {
  if (strategy === 'USE_EXISTING') {
    return { lines: existing.map((l) => ({ sku: l.sku, fulfillment: l.fulfillment, quantity: l.quantity, fromExisting: l, fromGuest: null })), dropped: [...guest] };
  }
  if (strategy === 'USE_GUEST') {
    return { lines: guest.map((l) => ({ sku: l.sku, fulfillment: l.fulfillment, quantity: l.quantity, fromExisting: null, fromGuest: l })), dropped: [...existing] };
  }
  const byItem = new Map<string, MergedLine>();
  for (const l of existing) byItem.set(itemKey(l), { sku: l.sku, fulfillment: l.fulfillment, quantity: l.quantity, fromExisting: l, fromGuest: null });
  for (const l of guest) {
    const both = byItem.get(itemKey(l));
    if (!both) byItem.set(itemKey(l), { sku: l.sku, fulfillment: l.fulfillment, quantity: l.quantity, fromExisting: null, fromGuest: l });
    else {
      both.fromGuest = l;
      both.quantity = strategy === 'SUM' ? both.quantity + l.quantity : Math.max(both.quantity, l.quantity);
    }
  }
  return { lines: [...byItem.values()], dropped: [] };
}
