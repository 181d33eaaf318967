// db hits and latency of the listings with and without `source`, on a generated large graph (its generated part
// all from the notes, so `source=background` looks for the few among many). Printed, never asserted.
// Run: npx tsx bench/source-filter.ts [concepts=10000] [relations=100000]   (uses NEO4J_URI when set)
import { CatalogueCache } from '../src/graph/catalogue.js';
import { listConcepts } from '../src/graph/concepts.js';
import { GraphDatabase } from '../src/graph/database.js';
import { createDriver } from '../src/graph/driver.js';
import type { Provenance } from '../src/graph/model.js';
import { neighborhood } from '../src/graph/neighborhood.js';
import { relationsOfConcept } from '../src/graph/relations.js';
import { searchConcepts } from '../src/graph/search.js';
import { findRelations } from '../src/graph/triple-query.js';
import { applySeed } from '../src/seed/apply.js';
import { loadSeed } from '../src/seed/load.js';
import { freePort, startLocalNeo4j } from '../tools/neo4j-local/neo4j-local.js';
import { clearGraph } from './clear-graph.js';
import { generateGraph } from './generate-graph.js';
import { ProfilingDatabase } from './profiling-database.js';

type Catalogue = Awaited<ReturnType<CatalogueCache['get']>>;
type Case = [route: string, call: (db: GraphDatabase, catalogue: Catalogue, source: Provenance | undefined) => Promise<unknown>];

const cases: Case[] = [
  ['GET /v1/concepts?limit=20', (db, c, source) => listConcepts(db, c, { limit: 20, source })],
  ['GET /v1/concepts?category=runtime', (db, c, source) => listConcepts(db, c, { category: 'runtime', limit: 20, source })],
  [
    'GET /v1/concepts/docker-image/relations',
    (db, c, source) => relationsOfConcept(db, c, { id: 'docker-image', direction: 'both', limit: 20, source }),
  ],
  ['GET /v1/relations?subject=docker-image', (db, c, source) => findRelations(db, c, { subject: 'docker-image', limit: 20, source })],
  ['GET /v1/relations?object=container', (db, c, source) => findRelations(db, c, { object: 'container', limit: 20, source })],
  ['GET /v1/relations?type=USES', (db, c, source) => findRelations(db, c, { type: ['USES'], limit: 20, source })],
  ['GET /v1/relations?limit=20', (db, c, source) => findRelations(db, c, { limit: 20, source })],
  ['GET /v1/search?q=container', (db, c, source) => searchConcepts(db, c, 'container', 10, source)],
  [
    'GET /v1/concepts/docker-image/neighborhood?depth=2',
    (db, c, source) => neighborhood(db, c, { id: 'docker-image', depth: 2, limit: 200, source }),
  ],
];

const sources: (Provenance | undefined)[] = [undefined, 'notes', 'background'];
const label = (source: Provenance | undefined) => source ?? 'all';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main() {
  const [concepts = 10_000, relations = 100_000] = process.argv.slice(2).map(Number);
  const local = process.env.NEO4J_URI ? undefined : await startLocalNeo4j({ port: await freePort(), ephemeral: true });
  const uri = local?.uri ?? String(process.env.NEO4J_URI);
  const config = { uri, username: 'neo4j', password: '', database: 'neo4j', queryTimeoutMs: 120_000 } as never;
  const driver = createDriver(config);
  const db = new GraphDatabase(driver, 'neo4j', 120_000);
  try {
    await clearGraph(db);
    const dir = await generateGraph(concepts, relations);
    const seeded = await applySeed(db, await loadSeed(dir));
    console.log(`graph: ${concepts} concepts, ${relations} relations (seeded in ${seeded.durationMs} ms)`);
    const catalogue = await new CatalogueCache(db).get();

    // The first call of each shape plans its statements (a listing across types plans one per type).
    console.log('\nfirst call (ms, plans compiled), per source:');
    console.log(`${'route'.padEnd(52)} ${sources.map((s) => label(s).padStart(11)).join('')}`);
    for (const [route, call] of cases) {
      const cold: number[] = [];
      for (const source of sources) {
        const started = performance.now();
        await call(db, catalogue, source);
        cold.push(performance.now() - started);
      }
      console.log(`${route.padEnd(52)} ${cold.map((t) => t.toFixed(0).padStart(11)).join('')}`);
    }

    const profiling = new ProfilingDatabase(driver, 'neo4j');
    console.log('\ndb hits (PROFILE), per source:');
    console.log(`${'route'.padEnd(52)} ${sources.map((s) => label(s).padStart(11)).join('')}`);
    for (const [route, call] of cases) {
      const hits: number[] = [];
      for (const source of sources) {
        await call(profiling, catalogue, source); // plans cached
        profiling.reset();
        await call(profiling, catalogue, source);
        hits.push(profiling.dbHits);
      }
      console.log(`${route.padEnd(52)} ${hits.map((h) => String(h).padStart(11)).join('')}`);
    }

    const rounds = 15;
    console.log(`\nmedian latency (ms) over ${rounds} rounds, sources alternating within each round:`);
    console.log(`${'route'.padEnd(52)} ${sources.map((s) => label(s).padStart(11)).join('')}`);
    for (const [route, call] of cases) {
      const times = sources.map(() => [] as number[]);
      for (let round = 0; round < rounds; round++) {
        for (const [i, source] of sources.entries()) {
          const started = performance.now();
          await call(db, catalogue, source);
          times[i]?.push(performance.now() - started);
        }
      }
      console.log(`${route.padEnd(52)} ${times.map((t) => median(t).toFixed(1).padStart(11)).join('')}`);
    }
  } finally {
    await driver.close();
    await local?.stop();
  }
}

await main();
