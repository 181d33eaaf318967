// The neighbourhood of a concept, found breadth-first one level at a time with a node budget, so a
// request can never walk the whole graph: each level asks only for what the budget still allows.

import { z } from 'zod';
import { conceptNotFound } from '../errors.js';
import type { Catalogue } from './catalogue.js';
import { summaryProjection, toConceptSummary } from './concepts.js';
import { type GraphDatabase, statement } from './database.js';
import { ConceptSummary, Relation } from './model.js';
import { relationMap, toRelations } from './relations.js';
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

const startStatement = statement('neighborhoodStart', `MATCH (c:Concept {id: $id}) RETURN ${summaryProjection} AS concept`);
// With a source, the walk follows only the relations a listing of that source shows (relationOfSource): a notes
// walk moves between notes concepts only, a background relation brings its far end whatever that end's source.
// The requested concept itself is always in the reply: it is named by the request, not listed.
const levelStatement = (types: string, source: SourceFilter) =>
  statement(
    `neighborhoodLevel${source ? 'FromSource' : ''}`,
    `MATCH (a:Concept)-[r:${types}]-(b:Concept)
     WHERE a.id IN $frontier AND NOT b.id IN $seen${andIf(source, relationOfSource())}
     WITH DISTINCT b.id AS id ORDER BY id LIMIT $budget
     RETURN id`,
  );
// The nodes and the edges among them in one statement (one round trip). An edge carries only its ends' ids:
// their names are in the nodes already, and are filled in here (fewer properties read and sent per edge).
const nodesAndEdgesStatement = (types: string, source: SourceFilter) =>
  statement(
    `neighborhoodNodesAndEdges${source ? 'FromSource' : ''}`,
    `MATCH (c:Concept) WHERE c.id IN $ids
     WITH collect(${summaryProjection}) AS nodes
     CALL (nodes) {
       MATCH (a:Concept)-[r:${types}]->(b:Concept)
       WHERE a.id IN $ids AND b.id IN $ids${andIf(source, relationOfSource())}
       WITH a, r, b ORDER BY r.id LIMIT $limit
       RETURN collect(${relationMap('a', 'b', (node) => `${node}.id`)}) AS edges
     }
     RETURN nodes, edges`,
  );
const nodesStatement = statement('neighborhoodNodes', `MATCH (c:Concept) WHERE c.id IN $ids RETURN collect(${summaryProjection}) AS nodes`);

type NodeRow = { id: string; nameEn?: string; nameKo?: string };
type EdgeRow = { subject: string; object: string } & Record<string, unknown>;

/** The neighbourhood; throws CONCEPT_NOT_FOUND for an unknown id. */
export async function neighborhood(db: GraphDatabase, catalogue: Catalogue, query: NeighborhoodQuery): Promise<Neighborhood> {
  const types = catalogue.typeExpression(catalogue.resolveTypes(query.type));
  return db.readUnit(async (read) => {
    const start = await read(startStatement, { id: query.id });
    if (start.length === 0) throw conceptNotFound(query.id);

    const depthOf = new Map<string, number>([[query.id, 0]]);
    let frontier = [query.id];
    let truncated = false;
    for (let level = 1; level <= query.depth && frontier.length > 0 && types; level++) {
      const budget = query.limit - depthOf.size;
      if (budget <= 0) {
        truncated = true;
        break;
      }
      const found = await read(levelStatement(types, query.source), {
        frontier,
        seen: [...depthOf.keys()],
        source: query.source ?? null,
        budget: db.int(budget + 1),
      });
      const ids = found.map((row) => String(row.id));
      if (ids.length > budget) truncated = true;
      frontier = ids.slice(0, budget);
      for (const id of frontier) depthOf.set(id, level);
    }

    const ids = [...depthOf.keys()];
    const edgeLimit = query.limit * edgesPerNode;
    const [row] = types
      ? await read(nodesAndEdgesStatement(types, query.source), { ids, source: query.source ?? null, limit: db.int(edgeLimit + 1) })
      : await read(nodesStatement, { ids });
    const nodes = (row?.nodes ?? []) as NodeRow[];
    const edgeRows = (row?.edges ?? []) as EdgeRow[];
    if (edgeRows.length > edgeLimit) truncated = true;
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
        edgeRows.slice(0, edgeLimit).map((edge) => ({ ...edge, subject: end(edge.subject), object: end(edge.object) })),
        catalogue,
      ),
      truncated,
    };
  });
}
