// What seed:export writes back: the seed's concepts and relations as the graph holds them now, in seed form
// (entries of concepts.yaml and relations.yaml), read in one transaction together with the revision they
// include. Elements written over HTTP are stored as the seed stores them (rows.ts), so both are read alike.
import { type GraphDatabase, statement } from '../graph/database.js';
import { parseSourceRefKey } from '../graph/ids.js';
import { conceptFromProperties } from './concept-fields.js';
import { askedAsFromProperties } from './rows.js';
import { type ConceptDef, type RelationDef, RelationsFile } from './schema.js';

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

const relationFieldOrder = Object.keys(RelationsFile.shape.relations.element.shape);

/** A relation in seed form, its fields in the schema's order. */
function relationOf(row: Record<string, unknown>): RelationDef {
  const fields: Record<string, unknown> = {
    ...row,
    ...askedAsFromProperties(row),
    sources: (Array.isArray(row.sources) ? row.sources : []).map((key) => {
      const { source, section } = parseSourceRefKey(String(key));
      return section === null ? { source } : { source, section };
    }),
  };
  return Object.fromEntries(relationFieldOrder.flatMap((key) => (fields[key] === undefined ? [] : [[key, fields[key]]]))) as RelationDef;
}

export async function readGraphSeed(db: GraphDatabase): Promise<GraphSeed> {
  return db.readUnit(async (read) => {
    const [meta] = await read(readRevision);
    const concepts = await read(readConcepts);
    const relations = await read(readRelations);
    const [types] = await read(readLearningOrderTypes);
    return {
      concepts: concepts.map((row) => conceptFromProperties(row.props as Record<string, unknown>)),
      relations: relations.map(relationOf),
      learningOrderTypes: new Set(Array.isArray(types?.keys) ? types.keys.map(String) : []),
      revision: Number(meta?.revision ?? 0),
    };
  });
}
