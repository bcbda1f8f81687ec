import calculateSlot from 'cluster-key-slot';
import { StoreError } from './errors.ts';

/** The Redis Cluster slot of a key (the same function ioredis routes by). */
export function keySlot(key: string): number {
  return calculateSlot(key);
}

/**
 * Rejects a script whose keys would land on different cluster slots. Every store checks, not only
 * the cluster one, so a key layout that would break on a cluster fails in the first unit test.
 */
export function assertOneSlot(scriptName: string, keys: readonly string[]): void {
  if (keys.length > 1 && calculateSlot.generateMulti([...keys]) < 0) {
    throw new StoreError('STORE_CROSS_SLOT', `script ${scriptName}: keys ${keys.join(', ')} hash to different cluster slots; give them one {hash tag}`);
  }
}

/** Groups keys by slot, keeping each key's position, so multi-key commands can be sent per slot. */
export function groupBySlot(keys: readonly string[], prefix = ''): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  keys.forEach((key, index) => {
    const slot = calculateSlot(prefix + key);
    const group = groups.get(slot);
    if (group) group.push(index);
    else groups.set(slot, [index]);
  });
  return groups;
}
