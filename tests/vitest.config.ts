import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.ts';

export default mergeConfig(shared, defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'e2e/**/*.e2e.ts'],
    // Each suite starts a whole stack (13 processes): one at a time, or they starve each other.
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
}));
