import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConceptDetail, getConcept, listConcepts } from '../graph/concepts.js';
import { exampleConcept, exampleConceptSummary, exampleRelation } from '../graph/examples.js';
import { CategoryId, Concept, ConceptId, Relation } from '../graph/model.js';
import { Neighborhood, neighborhood } from '../graph/neighborhood.js';
import { relationsOfConcept } from '../graph/relations.js';
import { cursorParam, jsonReply, limitParam, notModifiedReply, pageOf, problemReplies, sourceParam, typeListParam } from './schemas.js';

const idParams = z.strictObject({ id: ConceptId });

// Each route's options (cost, schema, documented replies) are a constant named after its operation; the
// plugin at the end pairs each with its path and handler.

const listConceptsOptions = {
  config: { cost: 'lookup' },
  schema: {
    tags: ['concepts'],
    operationId: 'listConcepts',
    summary: 'List concepts',
    description: 'Concepts ordered by id, optionally filtered by category, tag or source, one page at a time.',
    querystring: z.strictObject({
      category: CategoryId.optional()
        .describe('Only concepts of this category (see GET /v1/categories)')
        .meta({ examples: ['runtime'] }),
      tag: z
        .string()
        .regex(/^[a-z0-9-]{1,60}$/, 'must be a kebab-case tag')
        .optional()
        .describe('Only concepts with this tag')
        .meta({ examples: ['container-runtime'] }),
      source: sourceParam,
      limit: limitParam(20, 100).meta({ examples: [2] }),
      // Signed when the document is built (plugins/swagger.ts): page 2 for the other examples, so Try it out works.
      cursor: cursorParam.meta({ exampleCursor: { scope: 'concepts|runtime|container-runtime|source=notes', after: 'containerd' } }),
    }),
    response: {
      200: jsonReply(pageOf(Concept), 'A page of concepts', { items: [exampleConcept], nextCursor: null }),
      ...notModifiedReply,
      ...problemReplies(400, 500, 503),
    },
  },
} as const;

const getConceptOptions = {
  config: { cost: 'lookup' },
  schema: {
    tags: ['concepts'],
    operationId: 'getConcept',
    summary: 'One concept with its relations',
    description: 'The concept in both languages with its sources, and its outgoing and incoming relations read as sentences.',
    params: idParams,
    response: {
      200: jsonReply(ConceptDetail, 'The concept and its relations', {
        concept: exampleConcept,
        relations: { outgoing: [exampleRelation], incoming: [] },
      }),
      ...notModifiedReply,
      ...problemReplies(400, 404, 500, 503),
    },
  },
} as const;

const listConceptRelationsOptions = {
  config: { cost: 'lookup' },
  schema: {
    tags: ['concepts'],
    operationId: 'listConceptRelations',
    summary: 'Relations of one concept',
    description:
      'Relations of the concept, filtered by type and direction (out: it is the subject; in: it is the object), ordered by relation id.',
    params: idParams,
    querystring: z.strictObject({
      type: typeListParam.meta({ examples: ['USES'] }),
      direction: z
        .enum(['out', 'in', 'both'])
        .default('both')
        .describe('out: the concept is the subject; in: the object')
        .meta({ examples: ['both'] }),
      source: sourceParam,
      limit: limitParam(20, 100).meta({ examples: [1] }),
      cursor: cursorParam.meta({
        exampleCursor: { scope: 'concept-relations|containerd|USES|both|source=notes', after: 'containerd:USES:runc' },
      }),
    }),
    response: {
      200: jsonReply(pageOf(Relation), 'A page of relations', { items: [exampleRelation], nextCursor: null }),
      ...notModifiedReply,
      ...problemReplies(400, 404, 500, 503),
    },
  },
} as const;

const getNeighborhoodOptions = {
  config: { cost: 'compute' },
  schema: {
    tags: ['graph'],
    operationId: 'getNeighborhood',
    summary: 'Neighbourhood of a concept',
    description:
      'Concepts within `depth` hops (relations followed in either direction) and the relations among them. ' +
      'Bounded by `limit` nodes (and five edges per node); `truncated` tells when the bound cut it short. ' +
      'With `source`, only the relations a listing of that source shows are followed; the concept itself is always there.',
    params: idParams,
    querystring: z.strictObject({
      depth: z.coerce
        .number()
        .int()
        .min(1)
        .max(3)
        .default(1)
        .describe('Hops from the concept (1–3, default 1)')
        .meta({ examples: [2] }),
      type: typeListParam.meta({ examples: ['USES,MANAGES,IMPLEMENTS'] }),
      source: sourceParam,
      limit: limitParam(200, 500)
        .describe('Most nodes in the reply, the concept included (1–500, default 200)')
        .meta({ examples: [50] }),
    }),
    response: {
      200: jsonReply(Neighborhood, 'The neighbourhood', {
        nodes: [
          { ...exampleConceptSummary, depth: 0 },
          { id: 'cri', name: { en: 'Container Runtime Interface', ko: 'CRI' }, category: 'interface', depth: 1 },
        ],
        edges: [exampleRelation],
        truncated: false,
      }),
      ...notModifiedReply,
      ...problemReplies(400, 404, 500, 503),
    },
  },
} as const;

export const conceptRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/concepts', listConceptsOptions, async (request) => {
    const catalogue = await app.catalogue.get();
    catalogue.requireCategory(request.query.category);
    return listConcepts(request.graphDb, catalogue, request.query);
  });

  app.get('/concepts/:id', getConceptOptions, async (request) => getConcept(request.graphDb, await app.catalogue.get(), request.params.id));

  app.get('/concepts/:id/relations', listConceptRelationsOptions, async (request) =>
    relationsOfConcept(request.graphDb, await app.catalogue.get(), { id: request.params.id, ...request.query }),
  );

  app.get('/concepts/:id/neighborhood', getNeighborhoodOptions, async (request) =>
    neighborhood(request.graphDb, await app.catalogue.get(), { id: request.params.id, ...request.query }),
  );
};
