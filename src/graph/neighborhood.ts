// The neighbourhood of a concept, found breadth-first one level at a time with a node budget, so a
// request can never walk the whole graph: each level asks only for what the budget still allows.

import { z } from 'zod';
import { conceptNotFound } from '../errors.js';
import type { Catalogue } from './catalogue.js';
import { summaryProjection, toConceptSummary } from './concepts.js';
import { type GraphDatabase, statement } from './database.js';
import { ConceptSummary, Relation } from './model.js';
import { fromRelationTuple, relationTuple, toRelations } from './relations.js';
import { andIf, relationOfSource, type SourceFilter } from './source-filter.js';

export interface NeighborhoodQuery {
  id: string;
  depth: number;
  type?: string[] | undefined;
  source?: SourceFilter;
  limit: number;
}

const NeighborhoodNode = ConceptSummary.extend({ depth: z.number().int().describe('Hops from the requested concept') });
export const Neighborhood = z.object({
  nodes: z.array(NeighborhoodNode),
  edges: z.array(Relation),
  truncated: z.boolean().describe('True when the node or edge budget cut the neighbourhood short'),
});
export type Neighborhood = z.infer<typeof Neighborhood>;

/** At most this many edges per node allowed in the reply. */
const edgesPerNode = 5;

// The whole walk in one statement (one round trip): each level takes the distinct neighbours of the last
// level not seen yet, in id order, at most `$limit` of them read (ORDER BY + LIMIT keeps only the top ones),
// then cut to what the node budget still allows; a level that found more than that marks the reply truncated.
// The walk is spelt out per depth (1 to 3, validated), so the statement text never comes from a request.
// With a source, the walk follows only the relations a listing of that source shows (relationOfSource): a notes
// walk moves between notes concepts only, a background relation brings its far end whatever that end's source.
// The requested concept itself is always in the reply: it is named by the request, not listed.
// Edges carry only their ends' ids: the names are in the nodes already, and are filled in here.
const walkStatement = (types: string, depth: number, source: SourceFilter) => {
  const level = `
     CALL (frontier, seen) {
       UNWIND frontier AS a
       MATCH (a)-[r:${types}]-(b:Concept)
       WHERE NOT b IN seen${andIf(source, relationOfSource())}
       WITH DISTINCT b ORDER BY b.id LIMIT $limit
       RETURN collect(b) AS found
     }
     WITH seen, found[..$limit - size(seen)] AS level, sizes, truncated OR size(found) > $limit - size(seen) AS truncated
     WITH seen + level AS seen, level AS frontier, sizes + size(level) AS sizes, truncated`;
  return statement(
    `neighborhoodWalk${depth}${source ? 'FromSource' : ''}`,
    `MATCH (c:Concept {id: $id})
     WITH [c] AS seen, [c] AS frontier, [1] AS sizes, false AS truncated${level.repeat(depth)}
     CALL (seen) {
       UNWIND seen AS a
       MATCH (a)-[r:${types}]->(b:Concept)
       WHERE b IN seen${andIf(source, relationOfSource())}
       WITH a, r, b ORDER BY r.id LIMIT $edgeLimit
       RETURN collect(${relationTuple('a', 'b')}) AS edges
     }
     RETURN [c IN seen | ${summaryProjection}] AS nodes, sizes, truncated, edges`,
  );
};
const startStatement = statement('neighborhoodStart', `MATCH (c:Concept {id: $id}) RETURN [${summaryProjection}] AS nodes`);

type NodeRow = { id: string; nameEn?: string; nameKo?: string };

/** The neighbourhood; throws CONCEPT_NOT_FOUND for an unknown id. */
export async function neighborhood(db: GraphDatabase, catalogue: Catalogue, query: NeighborhoodQuery): Promise<Neighborhood> {
  const types = catalogue.typeExpression(catalogue.resolveTypes(query.type));
  const edgeLimit = query.limit * edgesPerNode;
  const [row] = types
    ? await db.read(walkStatement(types, query.depth, query.source), {
        id: query.id,
        source: query.source ?? null,
        limit: db.int(query.limit),
        edgeLimit: db.int(edgeLimit + 1),
      })
    : await db.read(startStatement, { id: query.id });
  if (!row) throw conceptNotFound(query.id);
  const nodes = row.nodes as NodeRow[];
  const edgeRows = (row.edges ?? []) as unknown[];
  // Nodes come level by level: `sizes` holds how many each level added, the requested concept first.
  const sizes = (row.sizes ?? [1]) as number[];
  const depthOf = new Map<string, number>();
  let index = 0;
  sizes.forEach((size, depth) => {
    for (const end = index + size; index < end; index++) depthOf.set((nodes[index] as NodeRow).id, depth);
  });
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const end = (id: string) => byId.get(id) ?? { id };
  return {
    nodes: nodes
      .map((node) => {
        const summary = toConceptSummary(node);
        return { ...summary, depth: depthOf.get(summary.id) ?? 0 };
      })
      .sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id)),
    edges: toRelations(
      edgeRows.slice(0, edgeLimit).map((edge) => fromRelationTuple(edge, end)),
      catalogue,
    ),
    truncated: row.truncated === true || edgeRows.length > edgeLimit,
  };
}
