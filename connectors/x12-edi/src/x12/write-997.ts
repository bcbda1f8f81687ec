import type { OutboundSet, Segment } from './envelope.ts';

export interface ReceivedGroup {
  functionalId: string;
  groupControlNumber: string;
  sets: { setId: string; controlNumber: string }[];
}

/**
 * The 997 we send for a group we processed (846s, 945s). We only acknowledge groups we could read
 * and map completely, so every set is accepted; a file we cannot read goes to the error folder and
 * is not acknowledged, which tells the warehouse (whose 997 monitor flags it) to resend.
 */
export function functionalAck997(group: ReceivedGroup): OutboundSet {
  const segments: Segment[] = [['AK1', group.functionalId, group.groupControlNumber]];
  for (const set of group.sets) segments.push(['AK2', set.setId, set.controlNumber], ['AK5', 'A']);
  const n = String(group.sets.length);
  segments.push(['AK9', 'A', n, n, n]);
  return { id: '997', segments };
}
