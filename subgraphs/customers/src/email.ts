/** The form every system is matched by: trimmed, lower-cased (some shops keep "Ava.Chen@…"). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

// One "@", something before it, a dotted domain after it, no spaces: what every system here accepts.
const plausible = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Good enough to send to a CRM or shop as a lookup key; deliberately not RFC 5322 in full. */
export function isPlausibleEmail(email: string): boolean {
  const normal = normaliseEmail(email);
  return normal.length <= 254 && plausible.test(normal);
}
