// Concepts and relations in seed form (the entries of concepts.yaml and relations.yaml) read from the graph,
// and the neighbourhood a write is validated in. Written elements are stored exactly as the seed stores
// them (src/seed/rows.ts), so the graph cannot tell an element written over HTTP from a seeded one.
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { conceptFromProperties } from '../../seed/concept-fields.js';
import { relationFromProperties } from '../../seed/rows.js';
import type { ConceptDef, RelationDef } from '../../seed/schema.js';
import { parseRelationId, relationId } from '../ids.js';
import { type Props, toPlain } from '../plain-rows.js';
import type { ElementStatement } from './revisions.js';
import type { Neighbourhood } from './validate.js';

/** A concept node's properties in seed form (the seed's own mapping, src/seed/concept-fields.ts). */
export const conceptFromProps = conceptFromProperties;

/** A relationship's properties in seed form (the seed's own mapping, src/seed/rows.ts). */
export const relationFromProps = relationFromProperties;

const relationProjection = 'r { .confidence, .sources, .askedAsEn, .askedAsKo, subject: a.id, type: type(r), object: b.id } AS r';

/** Reads a concept in the statement that begins a write (revisions.ts beginRevision); `element` is null when absent. */
export function conceptRead(id: string): ElementStatement {
  return { cypher: 'OPTIONAL MATCH (c:Concept {id: $elementId}) RETURN properties(c) AS element', params: { elementId: id } };
}

/** Reads a relation in the statement that begins a write, found through the per-type `id` indexes. */
export function relationRead(id: string): ElementStatement {
  const { subject, object } = parseRelationId(id);
  return {
    cypher: `OPTIONAL MATCH (a:Concept {id: $elementSubject})-[r]->(b:Concept {id: $elementObject}) WHERE r.id = $elementId
             RETURN ${relationProjection.replace(' AS r', ' AS element')}`,
    params: { elementId: id, elementSubject: subject, elementObject: object },
  };
}

export function relationKey(relation: Pick<RelationDef, 'subject' | 'type' | 'object'>): string {
  return relationId(relation.subject, relation.type, relation.object);
}

/** Relations touching a concept, at most `limit` (the write refuses to delete a concept that has any). */
export async function relationsOf(tx: ManagedTransaction, id: string, limit: number): Promise<string[]> {
  const result = await tx.run('MATCH (:Concept {id: $id})-[r]-(:Concept) RETURN DISTINCT r.id AS id LIMIT $limit', {
    id,
    limit: neo4j.int(limit),
  });
  return result.records.map((record) => String(record.get('id')));
}

/** A concept's relations and their other ends: the category rules of each relation see the concept's category. */
async function conceptNeighbourhood(tx: ManagedTransaction, concept: ConceptDef, maxRelations: number): Promise<Neighbourhood> {
  // Anchored on the concept and expanded from it (both directions), at most `maxRelations` of them.
  const found = await tx.run(
    `MATCH (:Concept {id: $id})-[r]-(:Concept)
     WITH DISTINCT r LIMIT $limit
     WITH r, startNode(r) AS a, endNode(r) AS b
     RETURN ${relationProjection.replace(' AS r', '')} AS r, properties(a) AS a, properties(b) AS b`,
    { id: concept.id, limit: neo4j.int(maxRelations) },
  );
  const concepts = new Map<string, ConceptDef>();
  const relations: RelationDef[] = [];
  for (const record of found.records) {
    const r = toPlain(record.get('r')) as Props | null;
    if (!r) continue;
    relations.push(relationFromProps(r));
    for (const end of ['a', 'b']) {
      const props = toPlain(record.get(end)) as Props;
      concepts.set(String(props.id), conceptFromProps(props));
    }
  }
  return { concepts: [...concepts.values()], relations };
}

/**
 * The ends of a relation, every relation between them, and the shortest chains the rules follow from the
 * object back to the subject: through the learning-order type (a cycle), the hierarchy type (an example
 * required by its notion) and the part-of types (a part used by its whole). Types come from the catalogue.
 */
async function relationNeighbourhood(tx: ManagedTransaction, relation: RelationDef, chainTypes: string[]): Promise<Neighbourhood> {
  // One statement (each is a round trip): the ends, the relations between them, then one chain per type.
  // Relationship types cannot be parameters: each key is the catalogue's, backtick-quoted.
  const chains = chainTypes.map(
    (type, i) => `CALL (s, o) {
       WITH s, o WHERE s IS NOT NULL AND o IS NOT NULL AND o <> s
       MATCH p = shortestPath((o)-[:\`${type}\`*..30]->(s))
       UNWIND relationships(p) AS r
       WITH r, startNode(r) AS a, endNode(r) AS b
       RETURN collect({r: ${relationProjection.replace(' AS r', '')}, a: properties(a), b: properties(b)}) AS chain${i}
     }`,
  );
  const found = await tx.run(
    `OPTIONAL MATCH (s:Concept {id: $s})
     OPTIONAL MATCH (o:Concept {id: $o})
     CALL (s, o) {
       MATCH (s)-[r]-(o)
       WITH DISTINCT r LIMIT 1000
       WITH r, startNode(r) AS a, endNode(r) AS b
       RETURN collect(${relationProjection.replace(' AS r', '')}) AS between
     }
     ${chains.join('\n')}
     RETURN properties(s) AS s, properties(o) AS o, between, [${chainTypes.map((_, i) => `chain${i}`).join(', ')}] AS chains`,
    { s: relation.subject, o: relation.object },
  );
  const record = found.records[0];
  const concepts = new Map<string, ConceptDef>();
  const relations: RelationDef[] = [];
  const addConcept = (props: unknown) => {
    if (props && typeof props === 'object') concepts.set(String((props as Props).id), conceptFromProps(props as Props));
  };
  if (record) {
    addConcept(toPlain(record.get('s')));
    addConcept(toPlain(record.get('o')));
    for (const r of toPlain(record.get('between')) as Props[]) relations.push(relationFromProps(r));
    for (const chain of toPlain(record.get('chains')) as { r: Props; a: Props; b: Props }[][]) {
      for (const link of chain) {
        relations.push(relationFromProps(link.r));
        addConcept(link.a);
        addConcept(link.b);
      }
    }
  }
  return { concepts: [...concepts.values()], relations };
}

export async function neighbourhoodOf(
  tx: ManagedTransaction,
  changed: { kind: 'concept'; concept: ConceptDef } | { kind: 'relation'; relation: RelationDef },
  options: { chainTypes: string[]; maxRelations: number },
): Promise<Neighbourhood> {
  return changed.kind === 'concept'
    ? conceptNeighbourhood(tx, changed.concept, options.maxRelations)
    : relationNeighbourhood(tx, changed.relation, options.chainTypes);
}
