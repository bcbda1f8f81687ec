const m = await import('../src/sync/stock-copy.ts');
console.log('copy', Object.keys(m));
const r = await import('../src/runtime.ts');
console.log('runtime', Object.keys(r));
