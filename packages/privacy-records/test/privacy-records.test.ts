import { describe, expect, it } from 'vitest';
import { MemoryStore } from '@ucg/store';
import { eraseGraphRecords, exportGraphRecords, registerPersonalRecord } from '../src/index.ts';

describe("the graph's own personal records", () => {
  it('exports what is registered and still exists, deletes what may go, keeps what must stay', async () => {
    const store = new MemoryStore();
    const email = 'Ava.Chen@example.com';
    await store.set('cart:{c1}', JSON.stringify({ id: 'c1', lines: 2 }));
    await store.hset('order:{G100001}', { number: 'G100001', total: '10.00' });
    await registerPersonalRecord(store, email, 'cart:{c1}', { owner: 'cart', kind: 'cart', type: 'string', onErase: 'delete' });
    await registerPersonalRecord(store, email, 'order:{G100001}', { owner: 'orders', kind: 'order', type: 'hash', onErase: 'retain', retainReason: 'tax records' });
    await registerPersonalRecord(store, email, 'cart:{expired}', { owner: 'cart', kind: 'cart', type: 'string', onErase: 'delete' });

    const exported = await exportGraphRecords(store, 'ava.chen@example.com');
    expect(exported.recordCount).toBe(2);
    expect(exported.records).toContainEqual({ owner: 'cart', kind: 'cart', key: 'cart:{c1}', data: { id: 'c1', lines: 2 } });

    const erased = await eraseGraphRecords(store, email);
    expect(erased.status).toBe('RETAINED');
    expect(erased.detail).toMatch(/tax records/);
    expect(await store.get('cart:{c1}')).toBeNull();
    expect(await store.hgetall('order:{G100001}')).toEqual({ number: 'G100001', total: '10.00' });
    expect(await eraseGraphRecords(store, 'nobody@example.com')).toEqual({ status: 'NOT_FOUND' });
    await store.close();
  });
});
