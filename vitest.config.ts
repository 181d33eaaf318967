import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        // Pure logic (language, ranking, quiz rules…): no database, no JVM, runs in seconds (`npm run test:unit`).
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] },
      },
      {
        test: {
          name: 'integration',
          // Servers the suites start as processes check their replies against the document too.
          env: { REPLY_CHECKS: 'true' },
          include: ['test/**/*.test.ts'],
          exclude: ['test/unit/**'],
          globalSetup: ['test/global-setup.ts'],
          // One Neo4j (Community has one user database) shared by all suites: run files one at a time so
          // each suite owns the graph while it runs.
          fileParallelism: false,
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
