// A seeded graph and an app over it for suites that measure what the app answers, not how it copes with load:
// event-loop shedding is off (on a shared 2-core machine the test process's own lag would shed their requests),
// and a seed that runs out of time on a cold Neo4j is tried once more.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { GraphDatabase } from '../../src/graph/database.js';
import { clearGraph, openTestDb, seedGraph, testConfig } from './app.js';

export interface SteadyApp {
  app(): FastifyInstance;
  db(): GraphDatabase;
}

async function seedWithOneRetry(db: GraphDatabase): Promise<void> {
  try {
    await seedGraph(db);
  } catch (error) {
    if (!String((error as { code?: unknown }).code).includes('TransactionTimedOut')) throw error;
    await seedGraph(db);
  }
}

export function useSteadySeededApp(): SteadyApp {
  let app: FastifyInstance | undefined;
  let db: GraphDatabase | undefined;
  beforeAll(async () => {
    db = openTestDb();
    await clearGraph(db);
    await seedWithOneRetry(db);
    const config = testConfig();
    app = await buildApp({ ...config, limits: { ...config.limits, maxEventLoopDelayMs: 0 } }, { logger: false });
    await app.ready();
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await db?.driver.close();
  });
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`${name} is used before the suite's beforeAll has run`);
    return value;
  };
  return { app: () => ready(app, 'app'), db: () => ready(db, 'db') };
}
