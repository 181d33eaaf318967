// Shortest paths between two concepts, each explained as a chain of relation sentences in both
// languages ("runc is managed by containerd, which implements CRI").

import { z } from 'zod';
import { BadRequestError, conceptNotFound } from '../errors.js';
import { must } from '../must.js';
import type { Catalogue } from './catalogue.js';
import { summaryProjection, toConceptSummary } from './concepts.js';
import { type GraphDatabase, statement } from './database.js';
import { ConceptSummary, Relation } from './model.js';
import { relationMap, sentenceFrom, toRelation } from './relations.js';
import { chainEnglish, chainKorean } from './sentences.js';

export interface PathQuery {
  from: string;
  to: string;
  maxHops: number;
  limit: number;
  type?: string[] | undefined;
}

export const ExplainedPath = z.object({
  length: z.number().int().describe('Number of relations on the path'),
  nodes: z.array(ConceptSummary).describe('Concepts from `from` to `to`'),
  edges: z.array(Relation).describe('Relations between consecutive nodes, each in its stored direction'),
  explanation: z.object({ en: z.string(), ko: z.string() }).describe('The path told as one chained sentence'),
});
export type ExplainedPath = z.infer<typeof ExplainedPath>;

export const maxHopsLimit = 6;

// Quantifier bounds cannot be parameters; the validated hop count picks one of these fixed strings.
const quantifiers = Object.fromEntries(Array.from({ length: maxHopsLimit }, (_, i) => [i + 1, `{1,${i + 1}}`])) as Record<number, string>;

const endsStatement = statement('pathEnds', 'MATCH (c:Concept) WHERE c.id IN [$from, $to] RETURN c.id AS id');

// The two shortest length groups, then the most confident paths first; ties broken by node ids.
const shortestPathsStatement = (types: string, quantifier: string) =>
  statement(
    'shortestPaths',
    `MATCH (start:Concept {id: $from}), (end:Concept {id: $to})
     MATCH p = SHORTEST 2 GROUPS (start)-[:${types}]-${quantifier}(end)
     WITH p, length(p) AS hops,
          reduce(c = 1.0, r IN relationships(p) | c * coalesce(r.confidence, 0.5)) AS confidence,
          [n IN nodes(p) | n.id] AS ids
     ORDER BY hops, confidence DESC, ids, [r IN relationships(p) | type(r)]
     LIMIT $limit
     RETURN hops,
            [c IN nodes(p) | ${summaryProjection}] AS nodes,
            [r IN relationships(p) | ${relationMap('startNode(r)', 'endNode(r)')}] AS edges`,
  );

/** Shortest paths, most confident first; throws CONCEPT_NOT_FOUND when either end is unknown. */
export async function shortestPaths(db: GraphDatabase, catalogue: Catalogue, query: PathQuery): Promise<ExplainedPath[]> {
  if (query.from === query.to) {
    throw new BadRequestError('VALIDATION_FAILED', `'from' and 'to' are both '${query.from}'; ask for two different concepts.`);
  }
  const quantifier = quantifiers[query.maxHops];
  if (!quantifier) throw new BadRequestError('VALIDATION_FAILED', `maxHops must be between 1 and ${maxHopsLimit}.`);
  const types = catalogue.typeExpression(catalogue.resolveTypes(query.type, 'descriptive'));

  return db.readUnit(async (read) => {
    const ends = await read(endsStatement, { from: query.from, to: query.to });
    const found = new Set(ends.map((row) => String(row.id)));
    for (const id of [query.from, query.to]) if (!found.has(id)) throw conceptNotFound(id);
    if (!types) return [];

    const rows = await read(shortestPathsStatement(types, quantifier), { from: query.from, to: query.to, limit: db.int(query.limit) });
    return rows.map((row) => {
      const nodes = (row.nodes as unknown[]).map(toConceptSummary);
      const edges = (row.edges as unknown[]).map((edge) => toRelation(edge, catalogue)).filter((r): r is Relation => r !== undefined);
      const steps = edges.map((edge, index) => {
        const from = must(nodes[index], 'nodes');
        const type = must(catalogue.relationType(edge.type), 'relation type');
        return { sentence: sentenceFrom(type, edge, from.id), from };
      });
      return {
        length: Number(row.hops),
        nodes,
        edges,
        explanation: {
          en: chainEnglish(steps.map(({ sentence, from }) => ({ text: sentence.en, from: from.name.en }))),
          ko: chainKorean(steps.map(({ sentence }) => sentence.ko)),
        },
      };
    });
  });
}
