// Relations: the Cypher that finds them and the mapping that makes each one readable on its own
// (both names, the sentence in both languages, citations), so clients never need the catalogue.

import { conceptNotFound } from '../errors.js';
import type { Catalogue, RelationType } from './catalogue.js';
import { type GraphDatabase, statement } from './database.js';
import type { Relation } from './model.js';
import { decodeCursor, type Page, toPage } from './pagination.js';
import { render } from './sentences.js';

/** Projection of a relationship `r` from `start` to `end` (variables or expressions); every relation query returns this. */
export function relationMap(start = 'a', end = 'b'): string {
  const end_ = (node: string) => `{ id: ${node}.id, nameEn: ${node}.nameEn, nameKo: ${node}.nameKo }`;
  return `{ id: r.id, type: type(r), confidence: r.confidence, sources: coalesce(r.sources, []), subject: ${end_(start)}, object: ${end_(end)} }`;
}
export const relationProjection = relationMap();

interface RelationRow {
  id: string | null;
  type: string;
  confidence: number | null;
  sources: string[];
  subject: { id: string; nameEn?: string; nameKo?: string };
  object: { id: string; nameEn?: string; nameKo?: string };
}

const nameOf = (end: RelationRow['subject']) => ({ en: end.nameEn ?? end.id, ko: end.nameKo ?? end.nameEn ?? end.id });

/** Reads a relation as a sentence starting from `fromId` (the subject by default) in both languages. */
export function sentenceFrom(type: RelationType, relation: Pick<Relation, 'subject' | 'object'>, fromId = relation.subject.id) {
  const fromObject = fromId !== relation.subject.id;
  const template = fromObject && !type.symmetric ? type.inverse : type.forward;
  // A symmetric type has one phrasing: read from the object, the names swap places instead.
  const [first, second] =
    fromObject && type.symmetric ? [relation.object.name, relation.subject.name] : [relation.subject.name, relation.object.name];
  return { en: render(template.en, first.en, second.en), ko: render(template.ko, first.ko, second.ko) };
}

export function toRelation(value: unknown, catalogue: Catalogue): Relation | undefined {
  const row = value as RelationRow;
  const type = catalogue.relationType(row.type);
  if (!type) return undefined; // not a catalogue type: not part of the served graph
  const subject = { id: row.subject.id, name: nameOf(row.subject) };
  const object = { id: row.object.id, name: nameOf(row.object) };
  return {
    id: row.id ?? `${subject.id}:${row.type}:${object.id}`,
    type: row.type,
    subject,
    object,
    sentence: sentenceFrom(type, { subject, object }),
    confidence: row.confidence ?? 0,
    sources: row.sources.map((key) => catalogue.citation(key)),
  };
}

/** Relations from projected values (see relationMap), leaving out any whose type is not in the catalogue. */
export function toRelations(values: unknown[], catalogue: Catalogue): Relation[] {
  return values.map((value) => toRelation(value, catalogue)).filter((r): r is Relation => r !== undefined);
}

export interface TripleQuery {
  subject?: string | undefined;
  type?: string[] | undefined;
  object?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const findRelationsStatement = (types: string) =>
  statement(
    'findRelations',
    `MATCH (a:Concept)-[r:${types}]-(b:Concept)
     WHERE ($subject IS NULL OR a.id = $subject)
       AND ($object IS NULL OR b.id = $object)
       AND (startNode(r) = a OR (type(r) IN $symmetric AND ($subject IS NOT NULL OR $object IS NOT NULL)))
       AND ($after IS NULL OR r.id > $after)
     WITH a, r, b ORDER BY r.id LIMIT $limit
     RETURN ${relationProjection} AS relation`,
  );

/**
 * Triple-pattern query: any of subject, type and object may be left out. A symmetric relation matches
 * from either end when an end is given, and is then read from that end.
 */
export async function findRelations(db: GraphDatabase, catalogue: Catalogue, query: TripleQuery): Promise<Page<Relation>> {
  const types = catalogue.resolveTypes(query.type);
  const scope = `relations|${query.subject ?? ''}|${(query.type ?? []).join(',')}|${query.object ?? ''}`;
  const after = query.cursor ? decodeCursor(query.cursor, scope) : null;
  if (types.length === 0) return { items: [], nextCursor: null };
  const rows = await db.read(findRelationsStatement(catalogue.typeExpression(types)), {
    subject: query.subject ?? null,
    object: query.object ?? null,
    symmetric: types.filter((t) => t.symmetric).map((t) => t.key),
    after,
    limit: db.int(query.limit + 1),
  });
  return toPage(
    toRelations(
      rows.map((row) => row.relation),
      catalogue,
    ),
    query.limit,
    scope,
    (r) => r.id,
  );
}

export type Direction = 'out' | 'in' | 'both';

// One fixed pattern per direction: the request picks among them, it never writes Cypher.
const directionPatterns: Record<Direction, (types: string) => string> = {
  out: (types) => `(c)-[r:${types}]->(x)`,
  in: (types) => `(c)<-[r:${types}]-(x)`,
  both: (types) => `(c)-[r:${types}]-(x)`,
};

export interface ConceptRelationsQuery {
  id: string;
  type?: string[] | undefined;
  direction: Direction;
  limit: number;
  cursor?: string | undefined;
}

// The concept is matched first, so an unknown id is told apart from a concept without relations.
const relationsOfConceptStatement = (direction: Direction, types: string) =>
  statement(
    'relationsOfConcept',
    `MATCH (c:Concept {id: $id})
     CALL (c) {
       MATCH ${directionPatterns[direction](types)}
       WHERE x:Concept AND ($after IS NULL OR r.id > $after)
       WITH r, startNode(r) AS a, endNode(r) AS b ORDER BY r.id LIMIT $limit
       RETURN collect(${relationProjection}) AS relations
     }
     RETURN relations`,
  );
const conceptExistsStatement = statement('conceptExists', 'MATCH (c:Concept {id: $id}) RETURN c.id AS id');

/** Relations of one concept; throws CONCEPT_NOT_FOUND for an unknown id. */
export async function relationsOfConcept(db: GraphDatabase, catalogue: Catalogue, query: ConceptRelationsQuery): Promise<Page<Relation>> {
  const types = catalogue.resolveTypes(query.type);
  const scope = `concept-relations|${query.id}|${(query.type ?? []).join(',')}|${query.direction}`;
  const after = query.cursor ? decodeCursor(query.cursor, scope) : null;
  if (types.length === 0) {
    if ((await db.read(conceptExistsStatement, { id: query.id })).length === 0) throw conceptNotFound(query.id);
    return { items: [], nextCursor: null };
  }
  const rows = await db.read(relationsOfConceptStatement(query.direction, catalogue.typeExpression(types)), {
    id: query.id,
    after,
    limit: db.int(query.limit + 1),
  });
  const row = rows[0];
  if (!row) throw conceptNotFound(query.id);
  return toPage(toRelations(row.relations as unknown[], catalogue), query.limit, scope, (r) => r.id);
}
