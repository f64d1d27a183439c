import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Every test file runs in its own worker on its own fresh database, copied from a
// template that global setup migrates and seeds once (test/support/global-setup.ts).
// TEST_DATABASE=postgres runs the same suite on the local PostgreSQL server.
export default defineConfig({
  resolve: {
    // Node resolves `import 'graphql'` to graphql's CommonJS entry (it has no "exports"
    // map), while Vite would pick its ESM build: two copies and "another realm" errors.
    // Point Vite where Node points.
    alias: [{ find: /^graphql$/, replacement: fileURLToPath(new URL('./node_modules/graphql/index.js', import.meta.url)) }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Generous: a test waits for events, not for time, and a busy machine must not fail it.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test' },
  },
});
