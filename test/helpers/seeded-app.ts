// Per-suite hooks: an app, a freshly seeded graph, or both, opened before the suite's tests and closed after.
// Call at the top of a file (or a describe block); the handles exist only once the hooks have run.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { GraphDatabase } from '../../src/graph/database.js';
import { buildTestApp, clearGraph, openTestDb, seedGraph } from './app.js';

export interface TestApp {
  app(): FastifyInstance;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export interface SeededGraph {
  db(): GraphDatabase;
}

export type SeededApp = TestApp & SeededGraph;

function ready<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`${name} is used before the suite's beforeAll has run`);
  return value;
}

/** An app against the run's Neo4j, graph left as it is. */
export function useTestApp(): TestApp {
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });
  return {
    app: () => ready(app, 'app'),
    get: (url, headers = {}) => ready(app, 'app').inject({ method: 'GET', url, headers }),
  };
}

/** A database handle on a graph cleared and loaded from graph-seed/ once for the suite. */
export function useSeededGraph(): SeededGraph {
  let db: GraphDatabase | undefined;
  beforeAll(async () => {
    db = openTestDb();
    await clearGraph(db);
    await seedGraph(db);
  });
  afterAll(async () => {
    await db?.driver.close();
  });
  return { db: () => ready(db, 'db') };
}

/** The seeded graph and then the app over it; hooks run in order, so the app starts on the loaded graph and closes first. */
export function useSeededApp(): SeededApp {
  return { ...useSeededGraph(), ...useTestApp() };
}

export interface ListeningApp {
  app(): FastifyInstance;
  /** The port it listens on, 127.0.0.1 only. */
  port(): number;
}

/** An app listening on a free loopback port, for tests that need a real socket (raw HTTP, hang-ups, fetch). */
export function useListeningApp(): ListeningApp {
  let app: FastifyInstance | undefined;
  let port: number | undefined;
  beforeAll(async () => {
    app = await buildTestApp();
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
  });
  return { app: () => ready(app, 'app'), port: () => ready(port, 'port') };
}
