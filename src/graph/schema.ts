// Constraints and indexes the graph relies on. Schema changes cannot share a transaction with data
// writes in Neo4j, so the seed applies these first; every statement is idempotent (IF NOT EXISTS).
import type { GraphDatabase } from './database.js';

export const conceptNamesIndex = 'concept_names';
export const conceptSummariesIndex = 'concept_summaries';

// The cjk analyzer splits Hangul into bigrams (도커 데몬 -> 도커, 데몬; 런타임 -> 런타, 타임) and
// lower-cases Latin words, so one index serves Korean and English text.
const schemaStatements = [
  'CREATE CONSTRAINT concept_id IF NOT EXISTS FOR (c:Concept) REQUIRE c.id IS UNIQUE',
  'CREATE CONSTRAINT relation_type_key IF NOT EXISTS FOR (t:RelationType) REQUIRE t.key IS UNIQUE',
  'CREATE CONSTRAINT category_id IF NOT EXISTS FOR (k:Category) REQUIRE k.id IS UNIQUE',
  'CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE',
  'CREATE INDEX concept_category IF NOT EXISTS FOR (c:Concept) ON (c.category)',
  `CREATE FULLTEXT INDEX ${conceptNamesIndex} IF NOT EXISTS FOR (c:Concept) ON EACH [c.nameEn, c.nameKo, c.aliasText]
     OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'cjk', \`fulltext.eventually_consistent\`: false}}`,
  `CREATE FULLTEXT INDEX ${conceptSummariesIndex} IF NOT EXISTS FOR (c:Concept) ON EACH [c.summaryEn, c.summaryKo]
     OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'cjk', \`fulltext.eventually_consistent\`: false}}`,
];

export async function ensureGraphSchema(db: GraphDatabase): Promise<void> {
  for (const statement of schemaStatements) {
    await db.driver.executeQuery(statement, {}, { database: db.database });
  }
  await db.driver.executeQuery('CALL db.awaitIndexes(60)', {}, { database: db.database });
}
