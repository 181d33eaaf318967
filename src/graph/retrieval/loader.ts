// The Cypher of retrieval: reads every concept and relation once per graph version into a
// RetrievalIndex, and keeps the index until the version changes.

import { askedAsFromProperties } from '../../seed/rows.js';
import type { Catalogue } from '../catalogue.js';
import { type GraphDatabase, statement } from '../database.js';
import type { CategoryId } from '../model.js';
import { type Props, str, strings } from '../plain-rows.js';
import { buildRetrievalIndexInSlices, type ConceptRow, type RelationRow, type RetrievalIndex } from './graph-index.js';

/** Upper bounds on what one load reads; far above the seeded graph and the 10k-concept benchmark graph. */
const maxConcepts = 50_000;
const maxRelations = 500_000;

const conceptsQuery = statement(
  'retrievalConcepts',
  `
  MATCH (c:Concept) WITH c ORDER BY c.id LIMIT $maxConcepts
  RETURN c { .id, .nameEn, .nameKo, .aliasesEn, .aliasesKo, .category, .summaryEn, .summaryKo, .describedAsEn, .describedAsKo } AS concept`,
);

/**
 * Relationship types come from the catalogue only, never from a request. In a fixed order: ranking visits a
 * node's relations in index order (which of a hub's relations become candidates, the order of sums), so the same graph
 * must give the same index however its relations were written or stored.
 */
const relationsQuery = (typeExpression: string) =>
  statement(
    'retrievalRelations',
    `
  MATCH (a:Concept)-[r:${typeExpression}]->(b:Concept) WITH a, r, b ORDER BY a.id, type(r), b.id LIMIT $maxRelations
  RETURN r.id AS id, type(r) AS type, a.id AS subject, b.id AS object, r.confidence AS confidence, coalesce(r.sources, []) AS sources,
         r.askedAsEn AS askedAsEn, r.askedAsKo AS askedAsKo`,
  );

export function toConceptRow(c: Props): ConceptRow {
  const id = str(c.id);
  const nameEn = str(c.nameEn) || id;
  return {
    id,
    name: { en: nameEn, ko: str(c.nameKo) || nameEn },
    aliases: { en: strings(c.aliasesEn), ko: strings(c.aliasesKo) },
    category: (str(c.category) || 'idea') as CategoryId,
    summary: { en: str(c.summaryEn), ko: str(c.summaryKo) },
    describedAs: { en: strings(c.describedAsEn), ko: strings(c.describedAsKo) },
  };
}

export async function loadRetrievalIndex(db: GraphDatabase, catalogue: Catalogue): Promise<RetrievalIndex> {
  const typeExpression = catalogue.typeExpression(catalogue.relationTypes);
  const [conceptRows, relationRows] = await Promise.all([
    db.read(conceptsQuery, { maxConcepts: db.int(maxConcepts) }),
    typeExpression ? db.read(relationsQuery(typeExpression), { maxRelations: db.int(maxRelations) }) : Promise.resolve([]),
  ]);
  const concepts = conceptRows.map((row) => toConceptRow(row.concept as Props));
  const relations = relationRows.map(
    (row): RelationRow => ({
      id: str(row.id) || `${str(row.subject)}:${str(row.type)}:${str(row.object)}`,
      type: str(row.type),
      subject: str(row.subject),
      object: str(row.object),
      confidence: typeof row.confidence === 'number' ? row.confidence : 0,
      sources: strings(row.sources),
      ...askedAsFromProperties(row),
    }),
  );
  const learningTypes = new Set(catalogue.relationTypes.filter((type) => type.learningOrder).map((type) => type.key));
  return buildRetrievalIndexInSlices(concepts, relations, learningTypes);
}

/**
 * One index per graph version: built on first use after the version changes (or by `Retriever.exercise` at start-up), shared by
 * concurrent callers. The build belongs to no request: a request that gives up does not abort it for the
 * others, and the next one does not start over.
 */
export class RetrievalIndexCache {
  private cached: { version: string; value: Promise<RetrievalIndex> } | undefined;

  /** `db` is the app's own handle, not a request's view: a request that gives up does not cancel the build. */
  constructor(private readonly db: GraphDatabase) {}

  get(version: string, catalogue: Catalogue): Promise<RetrievalIndex> {
    if (this.cached?.version !== version) {
      const value = loadRetrievalIndex(this.db, catalogue);
      // A failed load is not kept: the next request tries again.
      value.catch(() => {
        if (this.cached?.value === value) this.cached = undefined;
      });
      this.cached = { version, value };
    }
    return this.cached.value;
  }
}
