// `npm run bench:writes [-- --concepts N --relations M --writes K]`: writes over HTTP at the size users reach.
// Loads a generated graph (default 10k concepts / 100k relations, bench/generate-graph.ts) into the Neo4j at
// NEO4J_URI (replacing its graph) or a throw-away local one, creates a write key, and times through the API
// (app.inject, so no socket noise): PATCH of a concept's summary and PATCH of a relation's confidence, each
// after a GET of the element's ETag (not timed). Every write runs the
// seed's rules on its neighbourhood, records a revision and stamps a new graph version. Prints p50, p95, p99.
import { parseArgs } from 'node:util';
import neo4jDriver from 'neo4j-driver';
import { createKey } from '../src/auth/keys.js';
import { buildBenchApi, untilReady } from './bench-server.js';
import { openGeneratedGraph } from './generated-graph-db.js';

const { values } = parseArgs({
  options: {
    concepts: { type: 'string', default: '10000' },
    relations: { type: 'string', default: '100000' },
    writes: { type: 'string', default: '500' },
  },
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(name: string, ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(1).padStart(7);
  return `${name.padEnd(28)} n=${String(sorted.length).padStart(4)}  p50 ${f(percentile(sorted, 50))} ms  p95 ${f(percentile(sorted, 95))} ms  p99 ${f(percentile(sorted, 99))} ms`;
}

async function main(): Promise<void> {
  const { config, db, close } = await openGeneratedGraph(Number(values.concepts), Number(values.relations));
  const { key } = await createKey(db, { name: 'bench-writer', scopes: ['write'] });
  const app = await buildBenchApi(config);
  await untilReady(async () => (await app.inject({ method: 'GET', url: '/health/ready' })).statusCode);
  const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const etag = async (url: string) => String((await app.inject({ method: 'GET', url })).headers.etag);
  const timed = async (method: 'PATCH' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, body?: unknown) => {
    const started = performance.now();
    const reply = await app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
    const ms = performance.now() - started;
    if (reply.statusCode >= 300) throw new Error(`${method} ${url}: ${reply.statusCode} ${reply.body.slice(0, 300)}`);
    return ms;
  };

  // Generated concepts (gen-…) sit among 100k generated relations, so their neighbourhoods are the large ones.
  const rows = await db.read(
    "MATCH (a:Concept)-[r]->(b:Concept) WHERE a.id STARTS WITH 'gen-' AND type(r) <> 'REQUIRES' RETURN a.id AS a, r.id AS r LIMIT $n",
    { n: neo4jDriver.int(Number(values.writes)) },
  );
  const figures = { concept: [] as number[], relation: [] as number[] };
  const rounds = Math.min(rows.length, Number(values.writes));
  for (let i = 0; i < rounds; i++) {
    const { a, r } = rows[i] as { a: string; r: string };
    const conceptUrl = `/v1/concepts/${a}`;
    const read = await app.inject({ method: 'GET', url: conceptUrl });
    if (read.statusCode !== 200) throw new Error(`GET ${conceptUrl}: ${read.statusCode} ${read.body.slice(0, 300)}`);
    const current = read.json().concept.summary;
    figures.concept.push(
      await timed('PATCH', conceptUrl, { ...auth, 'if-match': await etag(conceptUrl) }, { summary: { en: `${current.en} (${i})` } }),
    );
    const relationUrl = `/v1/relations/${r}`;
    figures.relation.push(
      await timed('PATCH', relationUrl, { ...auth, 'if-match': await etag(relationUrl) }, { confidence: i % 2 ? 0.6 : 0.8 }),
    );
  }
  console.log(`writes over HTTP on ${values.concepts} concepts / ${values.relations} relations (${rounds} rounds, after 10 unrecorded)`);
  for (const [name, ms] of Object.entries(figures)) if (ms.length > 0) console.log(summary(`PATCH ${name}`, ms.slice(10)));
  await app.close();
  await close();
}

await main();
