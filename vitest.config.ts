import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        // Everything that needs no Neo4j (language, ranking, quiz rules, config, docs…): runs in seconds
        // (`npm run test:unit`). A suite that needs the database is named `*.int.test.ts`.
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.int.test.ts'],
          // A few start a process or read the whole seed; a busy shared machine can take seconds for those.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          // Servers the suites start as processes check their replies against the document too.
          env: { REPLY_CHECKS: 'true' },
          include: ['test/**/*.int.test.ts'],
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
