// Relations: the Cypher that finds them and the mapping that makes each one readable on its own
// (both names, the sentence in both languages, citations), so clients never need the catalogue. The
// triple-pattern query across the graph is in triple-query.ts.

import { conceptNotFound, relationNotFound } from '../errors.js';
import type { Catalogue, RelationType } from './catalogue.js';
import { type GraphDatabase, statement } from './database.js';
import { parseRelationId } from './ids.js';
import type { Relation } from './model.js';
import { decodeCursor, type Page, toPage } from './pagination.js';
import { render } from './sentences.js';
import { andIf, relationOfSource, type SourceFilter, sourceScope, toProvenance } from './source-filter.js';

/** An end of a relation with its names, as toRelation reads it. */
const namedEnd = (node: string) => `{ id: ${node}.id, nameEn: ${node}.nameEn, nameKo: ${node}.nameKo }`;

/**
 * Projection of a relationship `r` from `start` to `end` (variables or expressions); every relation query
 * returns this, with each end's id and names.
 */
export function relationMap(start = 'a', end = 'b'): string {
  return `{ id: r.id, type: type(r), confidence: r.confidence, sources: coalesce(r.sources, []), provenance: r.provenance, subject: ${namedEnd(start)}, object: ${namedEnd(end)} }`;
}

/**
 * The same relation as a list, its ends by id alone: for callers that hold the ends' names already and read
 * many relations (the neighbourhood). A list carries no keys, so the driver decodes a third fewer strings.
 */
export function relationTuple(start = 'a', end = 'b'): string {
  return `[r.id, type(r), r.confidence, coalesce(r.sources, []), r.provenance, ${start}.id, ${end}.id]`;
}

type RelationEnd = RelationRow['subject'];

/** A relationTuple read back in the shape toRelation takes, each end's names looked up by `endOf`. */
export function fromRelationTuple(value: unknown, endOf: (id: string) => RelationEnd): RelationRow {
  const [id, type, confidence, sources, provenance, subject, object] = value as [
    string | null,
    string,
    number | null,
    string[],
    string | null,
    string,
    string,
  ];
  return { id, type, confidence, sources, provenance, subject: endOf(subject), object: endOf(object) };
}
export const relationProjection = relationMap();

interface RelationRow {
  id: string | null;
  type: string;
  confidence: number | null;
  sources: string[];
  provenance?: string | null;
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
    provenance: toProvenance(row.provenance),
  };
}

/** Relations from projected values (see relationMap), leaving out any whose type is not in the catalogue. */
export function toRelations(values: unknown[], catalogue: Catalogue): Relation[] {
  return values.map((value) => toRelation(value, catalogue)).filter((r): r is Relation => r !== undefined);
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
  source?: SourceFilter;
  limit: number;
  cursor?: string | undefined;
}

// The concept is matched first, so an unknown id is told apart from a concept without relations.
const relationsOfConceptStatement = (direction: Direction, types: string, source: SourceFilter) =>
  statement(
    `relationsOfConcept${source ? 'FromSource' : ''}`,
    `MATCH (c:Concept {id: $id})
     CALL (c) {
       MATCH ${directionPatterns[direction](types)}
       WHERE x:Concept AND r.id > $after${andIf(source, relationOfSource('r', 'c', 'x'))}
       WITH r, startNode(r) AS a, endNode(r) AS b ORDER BY r.id LIMIT $limit
       RETURN collect(${relationProjection}) AS relations
     }
     RETURN relations`,
  );
const conceptExistsStatement = statement('conceptExists', 'MATCH (c:Concept {id: $id}) RETURN c.id AS id');

/** Relations of one concept; throws CONCEPT_NOT_FOUND for an unknown id. */
export async function relationsOfConcept(db: GraphDatabase, catalogue: Catalogue, query: ConceptRelationsQuery): Promise<Page<Relation>> {
  const types = catalogue.resolveTypes(query.type);
  const scope = `concept-relations|${query.id}|${(query.type ?? []).join(',')}|${query.direction}${sourceScope(query.source)}`;
  const after = query.cursor ? decodeCursor(query.cursor, scope) : null;
  if (types.length === 0) {
    if ((await db.read(conceptExistsStatement, { id: query.id })).length === 0) throw conceptNotFound(query.id);
    return { items: [], nextCursor: null };
  }
  const rows = await db.read(relationsOfConceptStatement(query.direction, catalogue.typeExpression(types), query.source), {
    id: query.id,
    source: query.source ?? null,
    after: after ?? '',
    limit: db.int(query.limit + 1),
  });
  const row = rows[0];
  if (!row) throw conceptNotFound(query.id);
  return toPage(toRelations(row.relations as unknown[], catalogue), query.limit, scope, (r) => r.id);
}

const relationById = statement(
  'relationById',
  `MATCH (a:Concept {id: $subject})-[r]->(b:Concept {id: $object}) WHERE r.id = $id
   RETURN ${relationProjection} AS relation`,
);

/** One relation by its id (`subject:TYPE:object`), found from its subject through the concept index. */
export async function getRelation(db: GraphDatabase, catalogue: Catalogue, id: string): Promise<Relation> {
  const { subject, object } = parseRelationId(id);
  const rows = await db.read(relationById, { id, subject, object });
  const relation = rows[0] ? toRelation(rows[0].relation, catalogue) : undefined;
  if (!relation) throw relationNotFound(id);
  return relation;
}
