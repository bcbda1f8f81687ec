/**
 * Every expected failure of a cart or checkout mutation: a payload `userError` with one of these
 * stable codes (never a GraphQL error). One registry, so codes are never reused or misspelt.
 */
export const USER_ERRORS = {
  CART_NOT_FOUND: 'No such cart, or it belongs to another customer.',
  CART_EXPIRED: 'The cart has expired.',
  CART_COMPLETED: 'The cart was checked out; start a new one.',
  CART_BUSY: 'The cart is being changed by another request; try again.',
  CART_CHECKOUT_IN_PROGRESS: 'A checkout of this cart is under way.',
  CART_INVALID_QUANTITY: 'Quantities are whole numbers within the allowed range.',
  CART_TOO_MANY_LINES: 'The cart holds as many lines as it may.',
  CART_INVALID_SKU: 'Not a SKU.',
  CART_UNKNOWN_SKU: 'No price for the SKU in the cart currency: it is not sold.',
  CART_PRICE_UNAVAILABLE: 'The ERP could not be reached for a price; try again.',
  CART_INSUFFICIENT_STOCK: 'Not enough stock to reserve.',
  CART_LINE_NOT_FOUND: 'No such line in the cart.',
  CART_PICKUP_LOCATION_REQUIRED: 'Pickup needs a store location.',
  CART_PICKUP_LOCATION_INVALID: 'The location is not a store that offers pickup.',
  CART_SIGN_IN_REQUIRED: 'Only a signed-in customer can do this.',
  CHECKOUT_CART_EMPTY: 'The cart has no lines.',
  CHECKOUT_EMAIL_REQUIRED: 'A guest checkout needs a valid email.',
  CHECKOUT_SHIPPING_ADDRESS_REQUIRED: 'Lines to ship need a shipping address.',
  CHECKOUT_LINE_NOT_SOLD: 'A line is no longer sold; remove it.',
  CHECKOUT_PRICES_CHANGED: 'Prices changed since the lines were added; the cart now shows the current prices.',
  CHECKOUT_INSUFFICIENT_STOCK: 'A line can no longer be reserved.',
  CHECKOUT_PAYMENT_REQUIRED: 'The total needs a card token.',
  CHECKOUT_PAYMENT_EXCEEDS_TOTAL: 'Points and store credit exceed the total.',
  CHECKOUT_INVALID_PAYMENT: 'Points are a whole number ≥ 0; store credit a decimal ≥ 0.',
  CHECKOUT_PAYMENT_DECLINED: 'The card was declined.',
  CHECKOUT_PAYMENT_FAILED: 'The card could not be charged (processing error).',
  CHECKOUT_PAYMENT_UNAVAILABLE: 'The payment service could not be reached; nothing was charged.',
  CHECKOUT_LOYALTY_INSUFFICIENT: 'Not enough loyalty points or store credit.',
  CHECKOUT_LOYALTY_UNAVAILABLE: 'Loyalty points and store credit could not be redeemed right now.',
  CHECKOUT_FAILED: 'The order could not be recorded; payments were released.',
  CHECKOUT_IN_PROGRESS: 'This checkout is still running; retry with the same idempotencyKey.',
  CHECKOUT_IDEMPOTENCY_KEY_REUSED: 'The idempotencyKey was used for another cart.',
  CHECKOUT_INVALID_IDEMPOTENCY_KEY: 'The idempotencyKey is empty or longer than 200 characters.',
} as const;

export type UserErrorCode = keyof typeof USER_ERRORS;

export interface UserError {
  code: UserErrorCode;
  field: string[] | null;
  message: string;
}

export function userError(code: UserErrorCode, field: (string | number)[] | null = null, message: string = USER_ERRORS[code]): UserError {
  return { code, field: field?.map(String) ?? null, message };
}

/** Something worth telling the shopper that did not stop the change. */
export interface CartWarning {
  code: 'CART_QUANTITY_UNCHANGED' | 'CART_RESERVATION_LOST';
  message: string;
  /** The line (or SKU) concerned. */
  target: string | null;
}
