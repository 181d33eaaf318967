// db hits per route: each route's domain call under PROFILE (bench/profiling-database.ts). Printed by
// `npm run bench`; run alone against a loaded graph with `NEO4J_URI=bolt://… npx tsx bench/db-hits.ts`.
import { pathToFileURL } from 'node:url';
import { CatalogueCache } from '../src/graph/catalogue.js';
import { getConcept, listConcepts } from '../src/graph/concepts.js';
import { createDriver } from '../src/graph/driver.js';
import { learningPath } from '../src/graph/learning-path.js';
import { neighborhood } from '../src/graph/neighborhood.js';
import { shortestPaths } from '../src/graph/paths.js';
import { generateQuiz } from '../src/graph/quiz.js';
import { relationsOfConcept } from '../src/graph/relations.js';
import { searchConcepts } from '../src/graph/search.js';
import { findRelations } from '../src/graph/triple-query.js';
import { ProfilingDatabase } from './profiling-database.js';

export type DbHitCase = [
  route: string,
  call: (db: ProfilingDatabase, catalogue: Awaited<ReturnType<CatalogueCache['get']>>) => Promise<unknown>,
];

/** The route shapes measured, each on a real concept whose neighbourhood is the same at every graph size. */
export const dbHitCases: DbHitCase[] = [
  ['GET /v1/concepts/containerd', (db, c) => getConcept(db, c, 'containerd')],
  ['GET /v1/concepts/containerd/relations', (db, c) => relationsOfConcept(db, c, { id: 'containerd', direction: 'both', limit: 20 })],
  ['GET /v1/concepts?limit=20', (db, c) => listConcepts(db, c, { limit: 20 })],
  ['GET /v1/concepts?category=runtime', (db, c) => listConcepts(db, c, { category: 'runtime', limit: 20 })],
  ['GET /v1/relations?subject=containerd', (db, c) => findRelations(db, c, { subject: 'containerd', limit: 20 })],
  ['GET /v1/relations?object=cri', (db, c) => findRelations(db, c, { object: 'cri', limit: 20 })],
  ['GET /v1/relations?type=IMPLEMENTS', (db, c) => findRelations(db, c, { type: ['IMPLEMENTS'], limit: 20 })],
  ['GET /v1/relations?limit=20', (db, c) => findRelations(db, c, { limit: 20 })],
  ['GET /v1/search?q=containerd', (db, c) => searchConcepts(db, c, 'containerd', 10)],
  ['GET /v1/search?q=도커 데몬', (db, c) => searchConcepts(db, c, '도커 데몬', 10)],
  ['GET /v1/search?q=kubernets', (db, c) => searchConcepts(db, c, 'kubernets', 10)],
  ['GET /v1/paths?from=runc&to=kubernetes', (db, c) => shortestPaths(db, c, { from: 'runc', to: 'kubernetes', maxHops: 4, limit: 3 })],
  ['GET /v1/concepts/containerd/neighborhood?depth=2', (db, c) => neighborhood(db, c, { id: 'containerd', depth: 2, limit: 200 })],
  ['GET /v1/learning-path?target=runc', (db, c) => learningPath(db, c, { target: 'runc', known: [] })],
  ['GET /v1/quiz?concept=containerd&count=10', (db, c) => generateQuiz(db, c, { concept: 'containerd', count: 10, seed: 'bench' })],
];

/**
 * Routes about one concept: their db hits must be the same at every graph size (the bench shows them side by
 * side). Not the quiz: its wrong choices come from the concept's category and from anywhere, so it reads
 * more on a larger graph, up to the request-sized bounds of quizLimits.
 */
export const singleConceptRoutes = new Set([
  'GET /v1/concepts/containerd',
  'GET /v1/concepts/containerd/relations',
  'GET /v1/relations?subject=containerd',
  'GET /v1/relations?object=cri',
  'GET /v1/concepts/containerd/neighborhood?depth=2',
  'GET /v1/learning-path?target=runc',
]);

export async function measureDbHits(db: ProfilingDatabase): Promise<Map<string, { dbHits: number; statements: string }>> {
  // Fresh plans for this graph: plans cached while the graph had another size would give that size's db hits.
  await db.driver.executeQuery('CALL db.clearQueryCaches()', {}, { database: db.database }).catch(() => undefined);
  const catalogue = await new CatalogueCache(db).get();
  const result = new Map<string, { dbHits: number; statements: string }>();
  for (const [route, call] of dbHitCases) {
    await call(db, catalogue).catch(() => undefined); // warm the plan cache
    db.reset();
    await call(db, catalogue);
    result.set(route, { dbHits: db.dbHits, statements: db.statements.map((s) => `${s.name}:${s.dbHits}`).join(' ') });
  }
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const uri = process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687';
  const driver = createDriver({ uri, username: 'neo4j', password: '', database: 'neo4j', queryTimeoutMs: 60_000 } as never);
  const db = new ProfilingDatabase(driver, 'neo4j');
  try {
    for (const [route, { dbHits, statements }] of await measureDbHits(db)) {
      console.log(`${route.padEnd(52)} ${String(dbHits).padStart(8)}  ${statements}`);
    }
  } finally {
    await driver.close();
  }
}
