// What seed:export writes back: the seed's concepts and relations as the graph holds them now, in seed form
// (entries of concepts.yaml and relations.yaml), read in one transaction together with the revision they
// include. Elements written over HTTP are stored as the seed stores them (rows.ts), so both are read alike.
import { type GraphDatabase, statement } from '../graph/database.js';
import { conceptFromProperties } from './concept-fields.js';
import { relationFromProperties } from './rows.js';
import type { ConceptDef, RelationDef } from './schema.js';

export interface GraphSeed {
  concepts: ConceptDef[];
  relations: RelationDef[];
  /** Relation types whose relations form the learning order (their own block in relations.yaml). */
  learningOrderTypes: Set<string>;
  /** The latest revision the data read includes. */
  revision: number;
}

const readRevision = statement('exportRevision', "OPTIONAL MATCH (m:GraphMeta {id: 'graph'}) RETURN coalesce(m.revision, 0) AS revision");

const readConcepts = statement('exportConcepts', 'MATCH (c:Concept) WHERE c.seedOwned = true RETURN properties(c) AS props ORDER BY c.id');

const readRelations = statement(
  'exportRelations',
  `MATCH (a:Concept)-[r]->(b:Concept) WHERE r.seedOwned = true
   RETURN a.id AS subject, type(r) AS type, b.id AS object, r.confidence AS confidence, r.sources AS sources,
          r.askedAsEn AS askedAsEn, r.askedAsKo AS askedAsKo
   ORDER BY subject, type, object`,
);

const readLearningOrderTypes = statement(
  'exportLearningOrderTypes',
  'MATCH (t:RelationType) WHERE t.learningOrder = true RETURN collect(t.key) AS keys',
);

export async function readGraphSeed(db: GraphDatabase): Promise<GraphSeed> {
  return db.readUnit(async (read) => {
    const [meta] = await read(readRevision);
    const concepts = await read(readConcepts);
    const relations = await read(readRelations);
    const [types] = await read(readLearningOrderTypes);
    return {
      concepts: concepts.map((row) => conceptFromProperties(row.props as Record<string, unknown>)),
      relations: relations.map(relationFromProperties),
      learningOrderTypes: new Set(Array.isArray(types?.keys) ? types.keys.map(String) : []),
      revision: Number(meta?.revision ?? 0),
    };
  });
}
