// Builds the app and database handles against the run's real Neo4j (see global-setup.ts).
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import YAML from 'yaml';
import { buildApp } from '../../src/app.js';
import { type Config, configWith } from '../../src/config.js';
import { GraphDatabase } from '../../src/graph/database.js';
import { createDriver } from '../../src/graph/driver.js';
import { applySeed, type SeedReport } from '../../src/seed/apply.js';
import { loadSeed } from '../../src/seed/load.js';
import type { SeedData } from '../../src/seed/schema.js';

export function testConfig(overrides: { neo4j?: Partial<Config['neo4j']>; seed?: Partial<Config['seed']> } = {}): Config {
  const { uri, username, password, database } = inject('neo4j');
  return configWith({
    neo4j: { uri, username, password, database, ...overrides.neo4j },
    // The start-up warm-up would send requests of its own while a suite arranges the graph: off unless tested.
    seed: { onStart: 'never', warmUp: false, ...overrides.seed },
    // Suites send bursts from one address on a busy machine: budgets and lag shedding are off unless a
    // suite (test/resilience/) turns them on to test them.
    limits: { lookupMax: 0, heavyMax: 0, maxEventLoopDelayMs: 0 },
    // A probe that waits a second would call a merely busy test Neo4j "down"; the fault suites set their own.
    neo4jHealth: { probeTimeoutMs: 5_000 },
    // Every reply the suites see has been checked against its documented schema (http/reply-serializer.ts).
    http: { replyChecks: true },
    logLevel: 'silent',
  });
}

export async function buildTestApp(overrides: Parameters<typeof testConfig>[0] = {}): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(overrides), { logger: false });
  await app.ready();
  return app;
}

/** A database handle of its own, for arranging and inspecting the graph outside the app. */
export function openTestDb(): GraphDatabase {
  const config = testConfig();
  return new GraphDatabase(createDriver(config.neo4j), config.neo4j.database, config.neo4j.queryTimeoutMs);
}

export async function clearGraph(db: GraphDatabase): Promise<void> {
  await db.driver.executeQuery('MATCH (n) DETACH DELETE n', {}, { database: db.database });
}

/** A digest of every node and relationship with all their properties, to show that nothing changed. */
export async function graphFingerprint(db: GraphDatabase): Promise<{ nodes: number; relationships: number; digest: string }> {
  const nodes = await db.read('MATCH (n) RETURN labels(n) AS labels, properties(n) AS props');
  const relationships = await db.read(
    'MATCH (a)-[r]->(b) RETURN type(r) AS type, properties(r) AS props, elementId(a) AS a, elementId(b) AS b',
  );
  const lines = [...nodes, ...relationships].map((row) =>
    JSON.stringify(row, (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)))
        : value,
    ),
  );
  lines.sort();
  return { nodes: nodes.length, relationships: relationships.length, digest: createHash('sha256').update(lines.join('\n')).digest('hex') };
}

let seedData: Promise<SeedData> | undefined;

/** Loads graph-seed/ into the test database (parsed once per test file). */
export async function seedGraph(db: GraphDatabase): Promise<SeedReport> {
  seedData ??= loadSeed('graph-seed');
  return applySeed(db, await seedData);
}

/** A throw-away copy of graph-seed/ to edit or break. */
export interface SeedCopy {
  dir: string;
  read(file: string): Promise<string>;
  write(file: string, text: string): Promise<void>;
  /** Edits a file as text; fails when the edit changes nothing (the pattern no longer matches). */
  edit(file: string, change: (text: string) => string): Promise<void>;
  /** Edits a file as data: the callback mutates the parsed YAML. */
  editData(file: string, change: (data: Record<string, any>) => void): Promise<void>;
}

export async function copySeed(): Promise<SeedCopy> {
  const dir = await mkdtemp(path.join(tmpdir(), 'seed-'));
  await cp('graph-seed', dir, { recursive: true });
  const read = (file: string) => readFile(path.join(dir, file), 'utf8');
  const write = (file: string, text: string) => writeFile(path.join(dir, file), text);
  return {
    dir,
    read,
    write,
    edit: async (file, change) => {
      const before = await read(file);
      const after = change(before);
      if (after === before) throw new Error(`edit of ${file} changed nothing: the test's pattern no longer matches the seed`);
      await write(file, after);
    },
    editData: async (file, change) => {
      const data = YAML.parse(await read(file)) as Record<string, unknown>;
      change(data);
      await write(file, YAML.stringify(data));
    },
  };
}
