// Concepts: listing with keyset pagination, one concept with its relations, categories and counts.

import { conceptNotFound } from '../errors.js';
import type { Catalogue } from './catalogue.js';
import { type GraphDatabase, statement } from './database.js';
import type { CategoryId, Concept, ConceptSummary, Relation } from './model.js';
import { decodeCursor, type Page, toPage } from './pagination.js';
import { relationProjection, toRelations } from './relations.js';

export const conceptProjection = 'c { .id, .nameEn, .nameKo, .aliasesEn, .aliasesKo, .summaryEn, .summaryKo, .category, .tags, .sources }';
export const summaryProjection = 'c { .id, .nameEn, .nameKo, .category }';

type Props = Record<string, unknown>;
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

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
  };
}

export interface ConceptListQuery {
  category?: string | undefined;
  tag?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const listConceptsStatement = statement(
  'listConcepts',
  `MATCH (c:Concept)
   WHERE ($category IS NULL OR c.category = $category)
     AND ($tag IS NULL OR $tag IN c.tags)
     AND ($after IS NULL OR c.id > $after)
   WITH c ORDER BY c.id LIMIT $limit
   RETURN ${conceptProjection} AS concept`,
);

export async function listConcepts(db: GraphDatabase, catalogue: Catalogue, query: ConceptListQuery): Promise<Page<Concept>> {
  const scope = `concepts|${query.category ?? ''}|${query.tag ?? ''}`;
  const after = query.cursor ? decodeCursor(query.cursor, scope) : null;
  const rows = await db.read(listConceptsStatement, {
    category: query.category ?? null,
    tag: query.tag ?? null,
    after,
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

export interface ConceptDetail {
  concept: Concept;
  relations: { outgoing: Relation[]; incoming: Relation[] };
}

// One statement: the concept and both directions of its relations, so a miss and a hit cost one round trip.
const getConceptStatement = (types: string) =>
  statement(
    'getConcept',
    `MATCH (c:Concept {id: $id})
     CALL (c) {
       MATCH (a:Concept)-[r:${types}]->(b:Concept) WHERE a = c
       WITH a, r, b ORDER BY r.id LIMIT $limit
       RETURN collect(${relationProjection}) AS outgoing
     }
     CALL (c) {
       MATCH (a:Concept)-[r:${types}]->(b:Concept) WHERE b = c
       WITH a, r, b ORDER BY r.id LIMIT $limit
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

const relationTypeCountsStatement = (types: string) =>
  statement('relationTypeCounts', `MATCH (:Concept)-[r:${types}]->(:Concept) RETURN type(r) AS type, count(*) AS n LIMIT 1000`);

export async function relationTypeCounts(db: GraphDatabase, catalogue: Catalogue): Promise<Map<string, number>> {
  const types = catalogue.typeExpression(catalogue.relationTypes);
  if (!types) return new Map();
  const rows = await db.read(relationTypeCountsStatement(types));
  return new Map(rows.map((row) => [String(row.type), Number(row.n)]));
}
