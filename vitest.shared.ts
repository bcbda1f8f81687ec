import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Shared by every package's vitest.config.ts. graphql ships both CJS and ESM builds; Apollo's
 * packages load the CJS one, so tests must too (Node itself does, at run time) or graphql's
 * "another module or realm" check rejects schemas crossing between the two copies.
 */
export default defineConfig({
  resolve: {
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql/index.js') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
