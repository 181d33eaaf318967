// Constraints and indexes the graph relies on. Schema changes cannot share a transaction with data
// writes in Neo4j, so the seed applies these first; every statement is idempotent (IF NOT EXISTS).
import { type GraphDatabase, statement } from './database.js';
import { relationTypeKeyPattern } from './model.js';

export const conceptNamesIndex = 'concept_names';
export const conceptSummariesIndex = 'concept_summaries';
export const conceptSearchKeysIndex = 'concept_search_keys';

// The cjk analyzer splits Hangul into bigrams (도커 데몬 -> 도커, 데몬; 런타임 -> 런타, 타임) and
// lower-cases Latin words, so one index serves Korean and English text.
const schemaStatements = [
  'CREATE CONSTRAINT concept_id IF NOT EXISTS FOR (c:Concept) REQUIRE c.id IS UNIQUE',
  'CREATE CONSTRAINT relation_type_key IF NOT EXISTS FOR (t:RelationType) REQUIRE t.key IS UNIQUE',
  'CREATE CONSTRAINT category_id IF NOT EXISTS FOR (k:Category) REQUIRE k.id IS UNIQUE',
  'CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE',
  'CREATE INDEX concept_category IF NOT EXISTS FOR (c:Concept) ON (c.category)',
  // Lists by category come out in id order straight from this index, without sorting the category.
  'CREATE INDEX concept_category_id IF NOT EXISTS FOR (c:Concept) ON (c.category, c.id)',
  // Lists kept to one source (`source=notes|background`) come out in id order from this index, however few match.
  'CREATE INDEX concept_provenance_id IF NOT EXISTS FOR (c:Concept) ON (c.provenance, c.id)',
  // Each normalised name, alias and id as one keyword term: exact and prefix lookups without scanning concepts.
  `CREATE FULLTEXT INDEX ${conceptSearchKeysIndex} IF NOT EXISTS FOR (c:Concept) ON EACH [c.searchKeys]
     OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'keyword', \`fulltext.eventually_consistent\`: false}}`,
  `CREATE FULLTEXT INDEX ${conceptNamesIndex} IF NOT EXISTS FOR (c:Concept) ON EACH [c.nameEn, c.nameKo, c.aliasText]
     OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'cjk', \`fulltext.eventually_consistent\`: false}}`,
  `CREATE FULLTEXT INDEX ${conceptSummariesIndex} IF NOT EXISTS FOR (c:Concept) ON EACH [c.summaryEn, c.summaryKo]
     OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'cjk', \`fulltext.eventually_consistent\`: false}}`,
];

/**
 * One relationship index on `id` per relation type (Neo4j indexes relationships per type): listings by type
 * read relations in id order from these instead of sorting every relation. Keys come from the validated
 * catalogue and are checked again here, as they become part of the statement.
 */
function relationIndexStatements(relationTypeKeys: string[]): string[] {
  return relationTypeKeys
    .filter((key) => relationTypeKeyPattern.test(key))
    .flatMap((key) => [
      `CREATE INDEX relation_id_${key.toLowerCase()} IF NOT EXISTS FOR ()-[r:\`${key}\`]-() ON (r.id)`,
      // The same order within one source, for listings kept to notes or background.
      `CREATE INDEX relation_provenance_id_${key.toLowerCase()} IF NOT EXISTS FOR ()-[r:\`${key}\`]-() ON (r.provenance, r.id)`,
    ]);
}

/** The name a schema statement creates: the word after CREATE … CONSTRAINT|INDEX. */
function schemaName(cypher: string): string | undefined {
  return /^CREATE\s+(?:\w+\s+)?(?:CONSTRAINT|INDEX)\s+(\w+)/.exec(cypher)?.[1];
}

export async function ensureGraphSchema(db: GraphDatabase, relationTypeKeys: string[] = []): Promise<void> {
  // What exists is read first (two cheap listings), so a graph that has its schema costs no schema transaction
  // per statement; a name not listed still goes through IF NOT EXISTS, which also no-ops on an equivalent index.
  const existing = new Set<unknown>();
  for (const listing of ['SHOW INDEXES YIELD name RETURN name', 'SHOW CONSTRAINTS YIELD name RETURN name']) {
    for (const row of await db.read(statement('listSchema', listing))) existing.add(row.name);
  }
  for (const cypher of [...schemaStatements, ...relationIndexStatements(relationTypeKeys)]) {
    if (existing.has(schemaName(cypher))) continue;
    await db.schema(statement('ensureSchema', cypher));
  }
  await db.schema(statement('awaitIndexes', 'CALL db.awaitIndexes(60)'));
}
