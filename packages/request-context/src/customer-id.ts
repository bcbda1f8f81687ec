import { createHash } from 'node:crypto';

/**
 * The graph's id for a person: the same email gives the same id in every subgraph and channel,
 * and the id does not reveal the email.
 */
export function customerIdForEmail(email: string): string {
  return `cus_${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 24)}`;
}
