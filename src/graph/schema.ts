// Constraints and indexes the graph relies on. Schema changes cannot share a transaction with data
// writes in Neo4j, so the seed applies these first, all in one transaction of their own; every statement is
// idempotent (IF NOT EXISTS).
import { type GraphDatabase, statement } from './database.js';
import { relationTypeKeyPattern } from './model.js';

export const conceptNamesIndex = 'concept_names';
export const conceptSummariesIndex = 'concept_summaries';
export const conceptSearchKeysIndex = 'concept_search_keys';

/** A schema element by name; `create` makes it with IF NOT EXISTS. */
interface SchemaElement {
  name: string;
  create: string;
}

const constraint = (name: string, definition: string): SchemaElement => ({
  name,
  create: `CREATE CONSTRAINT ${name} IF NOT EXISTS ${definition}`,
});
const index = (name: string, definition: string, kind: 'INDEX' | 'FULLTEXT INDEX' = 'INDEX'): SchemaElement => ({
  name,
  create: `CREATE ${kind} ${name} IF NOT EXISTS ${definition}`,
});

// The cjk analyzer splits Hangul into bigrams (도커 데몬 -> 도커, 데몬; 런타임 -> 런타, 타임) and
// lower-cases Latin words, so one index serves Korean and English text.
const schemaElements: SchemaElement[] = [
  constraint('concept_id', 'FOR (c:Concept) REQUIRE c.id IS UNIQUE'),
  constraint('relation_type_key', 'FOR (t:RelationType) REQUIRE t.key IS UNIQUE'),
  constraint('category_id', 'FOR (k:Category) REQUIRE k.id IS UNIQUE'),
  constraint('source_id', 'FOR (s:Source) REQUIRE s.id IS UNIQUE'),
  // Revisions of writes over HTTP: the change feed pages by seq, an element's history by kind and target.
  constraint('revision_seq', 'FOR (r:Revision) REQUIRE r.seq IS UNIQUE'),
  index('revision_target', 'FOR (r:Revision) ON (r.kind, r.target, r.seq)'),
  index('concept_category', 'FOR (c:Concept) ON (c.category)'),
  // Lists by category come out in id order straight from this index, without sorting the category.
  index('concept_category_id', 'FOR (c:Concept) ON (c.category, c.id)'),
  // Lists kept to one source (`source=notes|background`) come out in id order from this index, however few match.
  index('concept_provenance_id', 'FOR (c:Concept) ON (c.provenance, c.id)'),
  // Each normalised name, alias and id as one keyword term: exact and prefix lookups without scanning concepts.
  index(
    conceptSearchKeysIndex,
    `FOR (c:Concept) ON EACH [c.searchKeys]
     OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'keyword', \`fulltext.eventually_consistent\`: false}}`,
    'FULLTEXT INDEX',
  ),
  index(
    conceptNamesIndex,
    `FOR (c:Concept) ON EACH [c.nameEn, c.nameKo, c.aliasText]
     OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'cjk', \`fulltext.eventually_consistent\`: false}}`,
    'FULLTEXT INDEX',
  ),
  index(
    conceptSummariesIndex,
    `FOR (c:Concept) ON EACH [c.summaryEn, c.summaryKo]
     OPTIONS {indexConfig: {\`fulltext.analyzer\`: 'cjk', \`fulltext.eventually_consistent\`: false}}`,
    'FULLTEXT INDEX',
  ),
];

/**
 * One relationship index on `id` per relation type (Neo4j indexes relationships per type): listings by type
 * read relations in id order from these instead of sorting every relation. Keys come from the validated
 * catalogue and are checked again here, as they become part of the statement.
 */
function relationIndexes(relationTypeKeys: string[]): SchemaElement[] {
  return relationTypeKeys
    .filter((key) => relationTypeKeyPattern.test(key))
    .flatMap((key) => [
      index(`relation_id_${key.toLowerCase()}`, `FOR ()-[r:\`${key}\`]-() ON (r.id)`),
      // The same order within one source, for listings kept to notes or background.
      index(`relation_provenance_id_${key.toLowerCase()}`, `FOR ()-[r:\`${key}\`]-() ON (r.provenance, r.id)`),
    ]);
}

export async function ensureGraphSchema(db: GraphDatabase, relationTypeKeys: string[] = []): Promise<void> {
  // What exists is read first (two cheap listings), so a graph that has its schema costs no schema transaction
  // per element; a name not listed still goes through IF NOT EXISTS, which also no-ops on an equivalent index.
  const existing = new Set<unknown>();
  for (const listing of ['SHOW INDEXES YIELD name RETURN name', 'SHOW CONSTRAINTS YIELD name RETURN name']) {
    for (const row of await db.read(statement('listSchema', listing))) existing.add(row.name);
  }
  const missing = [...schemaElements, ...relationIndexes(relationTypeKeys)].filter((element) => !existing.has(element.name));
  await db.schemaTransaction(
    'ensureSchema',
    missing.map((element) => statement('ensureSchema', element.create)),
  );
  await db.schema(statement('awaitIndexes', 'CALL db.awaitIndexes(60)'));
}
