// `npm run bench:first-request [-- --concepts N --relations M]`: is ready fast at the size users reach? Loads
// a generated graph (default 10k concepts / 100k relations) into the Neo4j at NEO4J_URI (replacing its graph)
// or a throw-away local one, then twice clears Neo4j's plan cache and starts the API in this process: once
// without the start-up warm-up, once with it. After readiness says 200 it times the first request of each route
// on a concept the warm-up did not use, then the same request five more times, and prints first against the
// warm median. The reply cache is off, so every request runs.
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import type { Config } from '../src/config.js';
import type { GraphDatabase } from '../src/graph/database.js';
import { untilReady } from './bench-server.js';
import { openGeneratedGraph } from './generated-graph-db.js';

const { values } = parseArgs({
  options: { concepts: { type: 'string', default: '10000' }, relations: { type: 'string', default: '100000' } },
});

const routes: Record<string, (id: string, other: string) => string> = {
  concept: (id) => `/v1/concepts/${id}`,
  relationsOfConcept: (id) => `/v1/concepts/${id}/relations?limit=7`,
  neighborhood: (id) => `/v1/concepts/${id}/neighborhood?depth=2`,
  relationsBySubject: (id) => `/v1/relations?subject=${id}&type=USES`,
  relationsByObject: (id) => `/v1/relations?object=${id}&type=PART_OF`,
  paths: (id, other) => `/v1/paths?from=${id}&to=${other}`,
  learningPath: (id) => `/v1/learning-path?target=${id}`,
  quiz: (id) => `/v1/quiz?concept=${id}&count=3&seed=first`,
  search: (id) => `/v1/search?q=${id.slice(0, 6)}`,
};

async function timed(app: FastifyInstance, url: string): Promise<number> {
  const started = performance.now();
  const reply = await app.inject({ method: 'GET', url });
  const ms = performance.now() - started;
  if (reply.statusCode !== 200) throw new Error(`${url}: ${reply.statusCode} ${reply.body.slice(0, 200)}`);
  return ms;
}

/** Starts the API on a cleared plan cache, waits for ready, and times each route's first and warm requests. */
async function measure(config: Config, db: GraphDatabase, warmUp: boolean, ids: string[]) {
  await db.driver.executeQuery('CALL db.clearQueryCaches()', {}, { database: db.database });
  const started = performance.now();
  const app = await buildApp({ ...config, seed: { ...config.seed, onStart: 'never', warmUp }, logLevel: 'silent' }, { logger: false });
  await app.ready();
  app.replyCache.resize(0);
  await untilReady(async () => (await app.inject({ method: 'GET', url: '/health/ready' })).statusCode);
  const readyMs = performance.now() - started;
  const rows: { route: string; first: number; warm: number }[] = [];
  let i = 0;
  for (const [route, url] of Object.entries(routes)) {
    const [id, other] = [ids[i++ % ids.length] ?? '', ids[(i + 7) % ids.length] ?? ''];
    const first = await timed(app, url(id, other));
    const warm: number[] = [];
    for (let k = 0; k < 5; k++) warm.push(await timed(app, url(id, other)));
    warm.sort((a, b) => a - b);
    rows.push({ route, first, warm: warm[2] ?? Number.NaN });
  }
  await app.close();
  return { readyMs, rows };
}

async function main(): Promise<void> {
  const { config, db, close } = await openGeneratedGraph(Number(values.concepts), Number(values.relations));
  // Generated concepts: the warm-up uses the first two of the listing, which are seed concepts.
  const ids = (
    (await db.read("MATCH (c:Concept) WHERE c.id STARTS WITH 'gen-' RETURN c.id AS id ORDER BY c.id LIMIT 40")) as {
      id: string;
    }[]
  ).map((row) => row.id);
  const runs = { without: await measure(config, db, false, ids), with: await measure(config, db, true, ids) };
  console.log(`first request after ready, ${values.concepts} concepts / ${values.relations} relations (ms; ratio = first / warm p50)`);
  console.log(
    `ready after: without warm-up ${(runs.without.readyMs / 1000).toFixed(1)} s, with ${(runs.with.readyMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `${'route'.padEnd(20)} ${'no warm-up: first / p50'.padStart(26)} ${'ratio'.padStart(7)} ${'warm-up: first / p50'.padStart(24)} ${'ratio'.padStart(7)}`,
  );
  runs.with.rows.forEach((row, index) => {
    const cold = runs.without.rows[index];
    const cell = (r?: { first: number; warm: number }) => `${r?.first.toFixed(1)} / ${r?.warm.toFixed(1)}`;
    const ratio = (r?: { first: number; warm: number }) => `${((r?.first ?? 0) / (r?.warm ?? 1)).toFixed(1)}×`;
    console.log(
      `${row.route.padEnd(20)} ${cell(cold).padStart(26)} ${ratio(cold).padStart(7)} ${cell(row).padStart(24)} ${ratio(row).padStart(7)}`,
    );
  });
  await close();
}

await main();
