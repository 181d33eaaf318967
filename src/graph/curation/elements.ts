// Concepts and relations in seed form (the entries of concepts.yaml and relations.yaml) read from the graph,
// and the neighbourhood a write is validated in. Written elements are stored exactly as the seed stores
// them (src/seed/rows.ts), so the graph cannot tell an element written over HTTP from a seeded one.
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { conceptFromProperties } from '../../seed/concept-fields.js';
import type { ConceptDef, RelationDef } from '../../seed/schema.js';
import { parseRelationId, parseSourceRefKey, relationId } from '../ids.js';
import { type Props, toPlain } from '../plain-rows.js';
import type { Neighbourhood } from './validate.js';

/** A concept node's properties in seed form (the seed's own mapping, src/seed/concept-fields.ts). */
export const conceptFromProps = conceptFromProperties;

export function relationFromProps(p: Props): RelationDef {
  const sources = (Array.isArray(p.sources) ? p.sources : []).map((key) => {
    const { source, section } = parseSourceRefKey(String(key));
    return section === null ? { source } : { source, section };
  });
  return { subject: String(p.subject), type: String(p.type), object: String(p.object), confidence: Number(p.confidence), sources };
}

const relationProjection = 'r { .confidence, .sources, subject: a.id, type: type(r), object: b.id } AS r';

async function rows(tx: ManagedTransaction, cypher: string, params: Props, key: string): Promise<Props[]> {
  const result = await tx.run(cypher, params);
  return result.records.map((record) => toPlain(record.get(key)) as Props);
}

export async function readConcept(tx: ManagedTransaction, id: string): Promise<ConceptDef | undefined> {
  const [props] = await rows(tx, 'MATCH (c:Concept {id: $id}) RETURN properties(c) AS c', { id }, 'c');
  return props ? conceptFromProps(props) : undefined;
}

/** The relation with this id; the type is found through the per-type `id` indexes. */
export async function readRelation(tx: ManagedTransaction, id: string): Promise<RelationDef | undefined> {
  const [props] = await rows(
    tx,
    `MATCH (a:Concept {id: $subject})-[r]->(b:Concept {id: $object}) WHERE r.id = $id RETURN ${relationProjection}`,
    { id, ...parseRelationId(id) },
    'r',
  );
  return props ? relationFromProps(props) : undefined;
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
  const ends = await rows(
    tx,
    'UNWIND $ids AS id MATCH (c:Concept {id: id}) RETURN properties(c) AS c',
    {
      ids: [relation.subject, relation.object],
    },
    'c',
  );
  const concepts = new Map(ends.map((props) => [String(props.id), conceptFromProps(props)]));
  const between = await rows(
    tx,
    `MATCH (:Concept {id: $s})-[r]-(:Concept {id: $o})
     WITH DISTINCT r LIMIT 1000
     WITH r, startNode(r) AS a, endNode(r) AS b
     RETURN ${relationProjection}`,
    { s: relation.subject, o: relation.object },
    'r',
  );
  const relations = between.map(relationFromProps);
  for (const type of chainTypes) {
    // Relationship types cannot be parameters: the key is the catalogue's, backtick-quoted.
    const chain = await tx.run(
      `MATCH (o:Concept {id: $o}), (s:Concept {id: $s}) WHERE o <> s
       MATCH p = shortestPath((o)-[:\`${type}\`*..30]->(s))
       UNWIND relationships(p) AS r
       WITH r, startNode(r) AS a, endNode(r) AS b
       RETURN ${relationProjection}, properties(a) AS ap, properties(b) AS bp`,
      { s: relation.subject, o: relation.object },
    );
    for (const record of chain.records) {
      relations.push(relationFromProps(toPlain(record.get('r')) as Props));
      for (const end of ['ap', 'bp']) {
        const props = toPlain(record.get(end)) as Props;
        concepts.set(String(props.id), conceptFromProps(props));
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
