import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exampleConceptSummary, exampleRelation } from '../graph/examples.js';
import { ConceptId, Relation } from '../graph/model.js';
import { ExplainedPath, maxHopsLimit, shortestPaths } from '../graph/paths.js';
import { getRelation } from '../graph/relations.js';
import { findRelations } from '../graph/triple-query.js';
import { RelationIdParam } from './curation-schemas.js';
import { cursorParam, jsonReply, limitParam, notModifiedReply, pageOf, problemReplies, sourceParam, typeListParam } from './schemas.js';

// Each route's options (cost, schema, documented replies) are a constant named after its operation; the
// plugin pairs each with its path and handler.

const listRelationsOptions = {
  config: { cost: 'lookup' },
  schema: {
    tags: ['relations'],
    operationId: 'listRelations',
    summary: 'Triple-pattern query over relations',
    description:
      'Relations matching subject, type and object; leave any of them out. `/v1/relations?subject=containerd&type=IMPLEMENTS` answers "what does containerd implement?". ' +
      'A symmetric relation matches from either end when an end is given. `source=notes` keeps to what the study notes support.',
    querystring: z.strictObject({
      subject: ConceptId.optional().describe('Subject concept id'),
      type: typeListParam.meta({ examples: ['MANAGES,USES'] }),
      object: ConceptId.optional()
        .describe('Object concept id')
        .meta({ examples: ['runc'] }),
      source: sourceParam,
      limit: limitParam(20, 100).meta({ examples: [1] }),
      // Signed when the document is built (plugins/swagger.ts): page 2 for the other examples, so Try it out works.
      cursor: cursorParam.meta({
        exampleCursor: { scope: 'relations|containerd|MANAGES,USES|runc|source=notes', after: 'containerd:MANAGES:runc' },
      }),
    }),
    response: {
      200: jsonReply(pageOf(Relation), 'A page of relations', { items: [exampleRelation], nextCursor: null }),
      ...notModifiedReply,
      ...problemReplies(400, 500, 503),
    },
  },
} as const;

const getRelationOptions = {
  config: { cost: 'lookup' },
  schema: {
    tags: ['relations'],
    operationId: 'getRelation',
    summary: 'One relation by its id',
    description:
      'The relation `subject:TYPE:object` read as a sentence in both languages, with its citations. Its ETag is what a change to it sends in If-Match.',
    params: z.strictObject({ id: RelationIdParam }),
    response: {
      200: jsonReply(Relation, 'The relation', exampleRelation),
      ...notModifiedReply,
      ...problemReplies(400, 404, 500, 503),
    },
  },
} as const;

const findPathsOptions = {
  config: { cost: 'compute' },
  schema: {
    tags: ['graph'],
    operationId: 'findPaths',
    summary: 'Shortest paths between two concepts, explained',
    description:
      'The shortest paths (relations followed in either direction), most confident first, each explained as a chain of sentences. ' +
      'By default the learning-order type (REQUIRES) is left out so paths say how things relate; name types with `type` to choose. ' +
      'No path within maxHops: 200 with an empty list.',
    querystring: z.strictObject({
      from: ConceptId.describe('Start concept id').meta({ examples: ['runc'] }),
      to: ConceptId.describe('End concept id').meta({ examples: ['kubernetes'] }),
      maxHops: z.coerce
        .number()
        .int()
        .min(1)
        .max(maxHopsLimit)
        .default(4)
        .describe(`Longest path considered (1–${maxHopsLimit}, default 4)`)
        .meta({ examples: [4] }),
      limit: limitParam(3, 10)
        .describe('Most paths returned (1–10, default 3)')
        .meta({ examples: [1] }),
      type: typeListParam.meta({ examples: ['MANAGES,USES'] }),
    }),
    response: {
      200: jsonReply(z.object({ items: z.array(ExplainedPath) }), 'Paths, shortest first', {
        items: [
          {
            length: 1,
            nodes: [exampleConceptSummary, { id: 'cri', name: { en: 'Container Runtime Interface', ko: 'CRI' }, category: 'interface' }],
            edges: [exampleRelation],
            explanation: { en: exampleRelation.sentence.en, ko: exampleRelation.sentence.ko },
          },
        ],
      }),
      ...notModifiedReply,
      ...problemReplies(400, 404, 500, 503),
    },
  },
} as const;

export const relationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/relations', listRelationsOptions, async (request) => findRelations(request.graphDb, await app.catalogue.get(), request.query));

  app.get('/relations/:id', getRelationOptions, async (request) =>
    getRelation(request.graphDb, await app.catalogue.get(), request.params.id),
  );

  app.get('/paths', findPathsOptions, async (request) => ({
    items: await shortestPaths(request.graphDb, await app.catalogue.get(), request.query),
  }));
};
