// The database a benchmark at scale runs on: the Neo4j at NEO4J_URI, or a throw-away local one when it is
// unset, emptied and loaded with a generated graph (generate-graph.ts) that keeps the seed's concepts.
import { type Config, loadConfig } from '../src/config.js';
import { GraphDatabase } from '../src/graph/database.js';
import { createDriver } from '../src/graph/driver.js';
import { applySeed } from '../src/seed/apply.js';
import { loadSeed } from '../src/seed/load.js';
import { freePort, startLocalNeo4j } from '../tools/neo4j-local/neo4j-local.js';
import { clearGraph } from './clear-graph.js';
import { generateGraph } from './generate-graph.js';

export interface GeneratedGraphDb {
  /** The configuration, pointed at that Neo4j and at the generated seed folder. */
  config: Config;
  db: GraphDatabase;
  close(): Promise<void>;
}

export async function openGeneratedGraph(concepts: number, relations: number): Promise<GeneratedGraphDb> {
  const base = loadConfig();
  const local = base.neo4j.uri ? undefined : await startLocalNeo4j({ port: await freePort(), ephemeral: true });
  const neo4j = { ...base.neo4j, uri: base.neo4j.uri ?? local?.uri };
  const db = new GraphDatabase(createDriver(neo4j), neo4j.database, 120_000);
  const dir = await generateGraph(concepts, relations);
  await clearGraph(db);
  await applySeed(db, await loadSeed(dir));
  return {
    config: { ...base, neo4j, seed: { ...base.seed, dir } },
    db,
    close: async () => {
      await db.driver.close();
      await local?.stop();
    },
  };
}
