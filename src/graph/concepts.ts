// Concepts: listing with keyset pagination, one concept with its relations, categories and counts.

import { z } from 'zod';
import { conceptNotFound } from '../errors.js';
import type { Catalogue } from './catalogue.js';
import { type GraphDatabase, statement } from './database.js';
import { type CategoryId, Concept, type ConceptSummary, Relation } from './model.js';
import { decodeCursor, type Page, toPage } from './pagination.js';
import { type Props, strings } from './plain-rows.js';
import { relationProjection, toRelations } from './relations.js';
import { andIf, conceptOfSource, type SourceFilter, sourceScope, toProvenance } from './source-filter.js';

export const conceptProjection =
  'c { .id, .nameEn, .nameKo, .aliasesEn, .aliasesKo, .summaryEn, .summaryKo, .category, .tags, .sources, .provenance }';
export const summaryProjection = 'c { .id, .nameEn, .nameKo, .category }';

export function toConceptSummary(value: unknown): ConceptSummary {
  const c = value as Props;
  const id = String(c.id);
  return {
    id,
    name: { en: String(c.nameEn ?? id), ko: String(c.nameKo ?? c.nameEn ?? id) },
    category: (c.category ?? 'idea') as CategoryId,
  };
}

export function toConcept(value: unknown, catalogue: Catalogue): Concept {
  const c = value as Props;
  const summary = toConceptSummary(c);
  return {
    ...summary,
    aliases: { en: strings(c.aliasesEn), ko: strings(c.aliasesKo) },
    summary: { en: String(c.summaryEn ?? ''), ko: String(c.summaryKo ?? '') },
    tags: strings(c.tags),
    sources: strings(c.sources).map((key) => catalogue.citation(key)),
    provenance: toProvenance(c.provenance),
  };
}

export interface ConceptListQuery {
  category?: string | undefined;
  tag?: string | undefined;
  source?: SourceFilter;
  limit: number;
  cursor?: string | undefined;
}

// One statement per filter combination, so each reads an index in id order and stops at the limit
// (`$x IS NULL OR …` would make the planner scan every concept). `$after` is '' on the first page.
// With a source, the plain listing reads the (provenance, id) index in order: it is sorted by both properties,
// which is id order when provenance is one value, and the planner takes the index's order only when told so.
// The others filter as they read.
const listConceptsCondition = {
  all: 'c.id > $after',
  category: 'c.category = $category AND c.id > $after',
  tag: 'c.id > $after AND $tag IN c.tags',
  categoryAndTag: 'c.category = $category AND c.id > $after AND $tag IN c.tags',
};
type ConceptListShape = keyof typeof listConceptsCondition;
const listConceptsNames: Record<ConceptListShape, string> = {
  all: 'listConcepts',
  category: 'listConceptsByCategory',
  tag: 'listConceptsByTag',
  categoryAndTag: 'listConceptsByCategoryAndTag',
};
const listConceptsStatement = (which: ConceptListShape, source: SourceFilter) =>
  statement(
    `${listConceptsNames[which]}${source ? 'FromSource' : ''}`,
    `MATCH (c:Concept) WHERE ${listConceptsCondition[which]}${andIf(source, conceptOfSource('c'))}
     WITH c ORDER BY ${which === 'all' && source ? 'c.provenance, ' : ''}c.id LIMIT $limit
     RETURN ${conceptProjection} AS concept`,
  );

export async function listConcepts(db: GraphDatabase, catalogue: Catalogue, query: ConceptListQuery): Promise<Page<Concept>> {
  const scope = `concepts|${query.category ?? ''}|${query.tag ?? ''}${sourceScope(query.source)}`;
  const after = query.cursor ? decodeCursor(query.cursor, scope) : null;
  const which = query.category ? (query.tag ? 'categoryAndTag' : 'category') : query.tag ? 'tag' : 'all';
  const rows = await db.read(listConceptsStatement(which, query.source), {
    category: query.category ?? null,
    tag: query.tag ?? null,
    source: query.source ?? null,
    after: after ?? '',
    limit: db.int(query.limit + 1),
  });
  return toPage(
    rows.map((row) => toConcept(row.concept, catalogue)),
    query.limit,
    scope,
    (c) => c.id,
  );
}

/** Most relations one concept shows inline; the relations route pages through all of them. */
export const inlineRelationLimit = 100;

export const ConceptDetail = z.object({
  concept: Concept,
  relations: z.object({
    outgoing: z.array(Relation).describe('Relations whose subject is this concept (at most 100; page with /relations)'),
    incoming: z.array(Relation).describe('Relations whose object is this concept (at most 100)'),
  }),
});
export type ConceptDetail = z.infer<typeof ConceptDetail>;

// One statement: the concept and both directions of its relations, so a miss and a hit cost one round trip.
// Both subqueries expand from the concept found through the id index: the work grows with its degree only.
const getConceptStatement = (types: string) =>
  statement(
    'getConcept',
    `MATCH (c:Concept {id: $id})
     CALL (c) {
       MATCH (c)-[r:${types}]->(b:Concept)
       WITH c AS a, r, b ORDER BY r.id LIMIT $limit
       RETURN collect(${relationProjection}) AS outgoing
     }
     CALL (c) {
       MATCH (a:Concept)-[r:${types}]->(c)
       WITH a, r, c AS b ORDER BY r.id LIMIT $limit
       RETURN collect(${relationProjection}) AS incoming
     }
     RETURN ${conceptProjection} AS concept, outgoing, incoming`,
  );
const getConceptAloneStatement = statement('getConceptAlone', `MATCH (c:Concept {id: $id}) RETURN ${conceptProjection} AS concept`);

/** The concept with its relations; throws CONCEPT_NOT_FOUND for an unknown id. */
export async function getConcept(db: GraphDatabase, catalogue: Catalogue, id: string): Promise<ConceptDetail> {
  const types = catalogue.typeExpression(catalogue.relationTypes);
  const rows = types
    ? await db.read(getConceptStatement(types), { id, limit: db.int(inlineRelationLimit) })
    : await db.read(getConceptAloneStatement, { id });
  const row = rows[0];
  if (!row) throw conceptNotFound(id);
  return {
    concept: toConcept(row.concept, catalogue),
    relations: {
      outgoing: toRelations((row.outgoing ?? []) as unknown[], catalogue),
      incoming: toRelations((row.incoming ?? []) as unknown[], catalogue),
    },
  };
}

const categoryCountsStatement = statement('categoryCounts', 'MATCH (c:Concept) RETURN c.category AS category, count(*) AS n LIMIT 1000');

export async function categoryCounts(db: GraphDatabase): Promise<Map<string, number>> {
  const rows = await db.read(categoryCountsStatement);
  return new Map(rows.map((row) => [String(row.category), Number(row.n)]));
}

// Counted per type from Neo4j's count store (constant time), not by walking every relationship.
const relationTypeCountsStatement = (keys: string[]) =>
  statement(
    'relationTypeCounts',
    `CALL () {
       ${keys.map((key) => `MATCH ()-[r:\`${key}\`]->() RETURN '${key}' AS type, count(r) AS n`).join('\n       UNION ALL\n       ')}
     }
     RETURN type, n`,
  );

export async function relationTypeCounts(db: GraphDatabase, catalogue: Catalogue): Promise<Map<string, number>> {
  // Keys are catalogue keys (UPPER_SNAKE, checked when the catalogue is built), never request strings.
  const keys = catalogue.relationTypes.map((type) => type.key);
  if (keys.length === 0) return new Map();
  const rows = await db.read(relationTypeCountsStatement(keys));
  return new Map(rows.map((row) => [String(row.type), Number(row.n)]));
}
