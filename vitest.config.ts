import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*/src/**/*.test.ts', '*/test/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    pool: 'threads',
    testTimeout: 20_000,
    // A PostgreSQL scratch database is created and migrated in beforeAll: seconds on a busy machine.
    hookTimeout: 60_000,
  },
});
