// `npx tsx bench/learning-scale.ts`: learning paths and quizzes on the seed graph and on the same graph grown
// to 10k concepts / 100k relations, printing db hits (PROFILE), median latency and how many questions a quiz
// still finds. It CLEARS the database at NEO4J_URI (a throw-away store): pass --yes to confirm.
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { loadConfig } from '../src/config.js';
import { CatalogueCache } from '../src/graph/catalogue.js';
import { GraphDatabase, type Params, type ReadStatement, type Row, type Statement, toPlain } from '../src/graph/database.js';
import { learningPath } from '../src/graph/learning-path.js';
import { generateQuiz } from '../src/graph/quiz.js';
import { applySeed } from '../src/seed/apply.js';
import { loadSeed } from '../src/seed/load.js';

const grownConcepts = 10_000;
const relationsPerConcept = 10;
const runs = 5;

/** Runs every statement under PROFILE and adds up its db hits. */
class ProfiledDatabase extends GraphDatabase {
  dbHits = 0;

  private async profiled(tx: ManagedTransaction, query: Statement | string, params: Params): Promise<Row[]> {
    const cypher = typeof query === 'string' ? query : query.cypher;
    const result = await tx.run(`PROFILE ${cypher}`, params);
    const walk = (plan: { dbHits: number; children: unknown[] }): number =>
      plan.dbHits + plan.children.reduce<number>((sum, child) => sum + walk(child as typeof plan), 0);
    if (result.summary.profile) this.dbHits += walk(result.summary.profile as unknown as { dbHits: number; children: unknown[] });
    return result.records.map((record) => toPlain(record.toObject()) as Row);
  }

  override async read(query: Statement | string, params: Params = {}): Promise<Row[]> {
    return this.readUnit((read) => read(typeof query === 'string' ? { name: 'unnamed', cypher: query } : query, params));
  }

  override async readUnit<T>(work: (read: ReadStatement) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead((tx) => work((query, params = {}) => this.profiled(tx, query, params)));
    } finally {
      await session.close();
    }
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function measure(db: ProfiledDatabase, catalogue: CatalogueCache, label: string): Promise<void> {
  const cat = await catalogue.get();
  const cases: [string, () => Promise<string>][] = [
    ['learning-path runc', async () => `${(await learningPath(db, cat, { target: 'runc', known: [] })).steps.length} steps`],
    [
      'learning-path docker-compose',
      async () => `${(await learningPath(db, cat, { target: 'docker-compose', known: [] })).steps.length} steps`,
    ],
    [
      'quiz containerd',
      async () => `${(await generateQuiz(db, cat, { concept: 'containerd', count: 10, seed: 'b' })).questions.length} questions`,
    ],
    [
      'quiz docker-compose',
      async () => `${(await generateQuiz(db, cat, { concept: 'docker-compose', count: 10, seed: 'b' })).questions.length} questions`,
    ],
    ['quiz whole graph', async () => `${(await generateQuiz(db, cat, { count: 10, seed: 'b' })).questions.length} questions`],
  ];
  for (const [name, run] of cases) {
    const times: number[] = [];
    let hits = 0;
    let outcome = '';
    for (let i = 0; i < runs; i++) {
      db.dbHits = 0;
      const started = performance.now();
      outcome = await run();
      times.push(performance.now() - started);
      hits = db.dbHits;
    }
    console.log(
      `${label.padEnd(8)} ${name.padEnd(30)} db hits ${String(hits).padStart(7)}   median ${median(times).toFixed(1).padStart(7)} ms   ${outcome}`,
    );
  }
}

async function main(): Promise<void> {
  if (!process.argv.includes('--yes')) {
    console.error('learning-scale clears the database at NEO4J_URI; run again with --yes on a throw-away store.');
    process.exit(2);
  }
  const config = loadConfig();
  const driver = neo4j.driver(config.neo4j.uri ?? '', neo4j.auth.basic(config.neo4j.username, config.neo4j.password));
  const db = new ProfiledDatabase(driver, config.neo4j.database, 60_000);
  const catalogue = new CatalogueCache(db, 0);
  try {
    // CALL … IN TRANSACTIONS needs an auto-commit transaction, which only session.run gives.
    const autoCommit = async (cypher: string, params: Record<string, unknown> = {}) => {
      const session = driver.session({ database: db.database });
      try {
        await session.run(cypher, params);
      } finally {
        await session.close();
      }
    };
    await autoCommit('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
    await applySeed(db, await loadSeed(config.seed.dir));
    await measure(db, catalogue, 'seed');

    // Grow the graph: synthetic concepts in the seed's categories, descriptive relations to random earlier
    // concepts, an IS_A parent each, and two prerequisites each among earlier synthetic concepts (a DAG).
    const types = (await catalogue.get()).relationTypes.filter((t) => !t.learningOrder).map((t) => t.key);
    await autoCommit(
      `UNWIND range(1, $n) AS i
       CALL (i) {
         CREATE (:Concept { id: 'syn-' + i, nameEn: 'Synthetic ' + i, nameKo: '합성 ' + i, category: $categories[i % size($categories)],
                            aliasesEn: [], aliasesKo: [], summaryEn: 's', summaryKo: 's', tags: [], sources: [] })
       } IN TRANSACTIONS OF 5000 ROWS`,
      { n: neo4j.int(grownConcepts), categories: (await catalogue.get()).categories.map((c) => c.id) },
    );
    for (const type of types) {
      await autoCommit(
        `MATCH (c:Concept) WHERE c.id STARTS WITH 'syn-'
         CALL (c) {
           WITH c, toInteger(rand() * $n) + 1 AS j
           MATCH (o:Concept {id: 'syn-' + j}) WHERE o <> c
           MERGE (c)-[r:${type}]->(o) ON CREATE SET r.id = c.id + ':${type}:' + o.id, r.confidence = 0.6, r.sources = []
         } IN TRANSACTIONS OF 5000 ROWS`,
        { n: neo4j.int(grownConcepts) },
      );
      if (types.indexOf(type) >= relationsPerConcept) break;
    }
    await autoCommit(
      `MATCH (c:Concept) WHERE c.id STARTS WITH 'syn-' AND toInteger(substring(c.id, 4)) > 2
       CALL (c) {
         WITH c, toInteger(substring(c.id, 4)) AS i
         UNWIND [toInteger(rand() * (i - 1)) + 1, toInteger(rand() * (i - 1)) + 1] AS j
         MATCH (o:Concept {id: 'syn-' + j})
         MERGE (c)-[r:REQUIRES]->(o) ON CREATE SET r.id = c.id + ':REQUIRES:' + o.id, r.confidence = 0.6, r.sources = []
       } IN TRANSACTIONS OF 5000 ROWS`,
    );
    // Tie the seed to the synthetic part so its concepts have busy neighbourhoods too.
    await driver.executeQuery(
      `MATCH (c:Concept) WHERE NOT c.id STARTS WITH 'syn-'
       UNWIND range(1, 20) AS k
       MATCH (o:Concept {id: 'syn-' + (toInteger(rand() * $n) + 1)})
       MERGE (o)-[r:USES]->(c) ON CREATE SET r.id = o.id + ':USES:' + c.id, r.confidence = 0.6, r.sources = []`,
      { n: neo4j.int(grownConcepts) },
      { database: db.database },
    );
    const [counts] = (await db.read(
      'MATCH (c:Concept) WITH count(c) AS concepts MATCH ()-[r]->() RETURN concepts, count(r) AS relations',
    )) as {
      concepts: number;
      relations: number;
    }[];
    console.log(`grown to ${counts?.concepts} concepts, ${counts?.relations} relationships`);
    await measure(db, catalogue, '10k');
  } finally {
    await driver.close();
  }
}

await main();
