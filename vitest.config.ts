import { defineConfig } from 'vitest/config';
import solid from 'vite-plugin-solid';

export default defineConfig({
  test: {
    exclude: ['**/node_modules/**'],
    pool: 'threads',
    testTimeout: 20_000,
    // A PostgreSQL scratch database is created and migrated in beforeAll: seconds on a busy machine.
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'packages', include: ['*/src/**/*.test.ts', '*/test/**/*.test.ts'], exclude: ['**/node_modules/**', 'console/**'] },
      },
      {
        // The console's components: Solid's JSX compiled by its plugin, rendered in jsdom.
        extends: true,
        plugins: [solid()],
        test: {
          name: 'console', environment: 'jsdom', include: ['console/src/**/*.test.{ts,tsx}', 'console/test/unit/**/*.test.{ts,tsx}'],
          // Solid's router ships JSX source under its "solid" condition: compile it, do not externalize it.
          server: { deps: { inline: [/@solidjs\/router/] } },
        },
      },
      {
        // The console in headless Chromium against a real server (skipped without /usr/bin/chromium).
        extends: true,
        test: { name: 'console-e2e', environment: 'node', include: ['console/test/e2e/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 240_000 },
      },
    ],
  },
});
