// Writes over HTTP (docs/curating.md): create, change (JSON Merge Patch) and delete concepts and relations with
// a key that grants `write`. Updates and deletes need If-Match with the ETag of GET on the element's URL; every
// write is checked by the seed's rules and recorded as a revision (routes/changes.ts serves them).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ProblemError } from '../errors.js';
import {
  createConcept,
  createRelation,
  deleteConcept,
  deleteRelation,
  type Precondition,
  updateConcept,
  updateRelation,
  type WriteContext,
  type WriteResult,
} from '../graph/curation/write.js';
import { ConceptId } from '../graph/model.js';
import { elementEtag } from '../http/etag.js';
import { must } from '../must.js';
import { requires } from '../plugins/auth.js';
import {
  ConceptEntry,
  conceptPatchSchema,
  exampleConceptEntry,
  exampleRelationEntry,
  RelationEntry,
  RelationIdParam,
  relationPatchSchema,
} from './curation-schemas.js';
import { jsonReply, problemReplies } from './schemas.js';

const write = requires('write');
// A write answers with the element as written, in seed form (the form its merge patch applies to), not as GET
// renders it with its relations: the reply costs nothing beyond the write.

const mergePatchType = 'application/merge-patch+json';

const ifMatchHeaders = z.looseObject({
  'if-match': z
    .string()
    .max(2_000)
    .optional()
    .describe(
      'The ETag of GET on the element’s URL, as last read, e.g. "Vb3lq0yY1zIu2xWbQ5kq7A"; required (428 without it, 412 when stale)',
    ),
});

function precondition(request: FastifyRequest, path: string): Precondition {
  const ifMatch = request.headers['if-match'];
  if (typeof ifMatch !== 'string' || ifMatch.trim() === '') {
    throw new ProblemError(
      'PRECONDITION_REQUIRED',
      `Send If-Match with the ETag of GET ${path}, so that a change made since you read it is not overwritten.`,
    );
  }
  return { ifMatch, etagAt: (version) => elementEtag(version, path) };
}

export const curationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser(mergePatchType, { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  const helpers: Helpers = {
    context: (request) => app.curation.context(request.principal?.name ?? 'unknown'),
    written(reply, result, path) {
      app.curation.written({ before: result.before, after: result.element });
      reply.header('etag', elementEtag(result.version, path)).header('cache-control', 'no-store');
    },
  };
  registerConceptWrites(app, helpers);
  registerRelationWrites(app, helpers);
};

interface Helpers {
  context(request: FastifyRequest): Promise<WriteContext>;
  written(reply: FastifyReply, result: WriteResult<unknown>, path: string): void;
}

const conceptReplies = {
  ...problemReplies(400, 404, 409, 412, 415, 428, 500, 503),
  ...write.responses,
};

const relationReplies = { ...problemReplies(400, 404, 409, 412, 415, 428, 500, 503), ...write.responses };

// Each route's options (cost and scope, schema, documented replies) are a constant named after its operation;
// the functions below pair each with its path and handler.

const createConceptOptions = {
  config: { cost: 'lookup', ...write.config },
  schema: {
    tags: ['curation'],
    operationId: 'createConcept',
    summary: 'Add a concept',
    description:
      'Adds a concept, written as an entry of graph-seed/concepts.yaml and checked by the same rules as `npm run seed -- --check` (bilingual names, citations of known sources and sections, a known category). 409 when the id is taken.',
    security: write.security,
    body: ConceptEntry,
    response: {
      201: jsonReply(ConceptEntry, 'The new concept as written; Location and ETag name it', exampleConceptEntry),
      ...conceptReplies,
    },
  },
} as const;

const updateConceptOptions = {
  config: { cost: 'lookup', ...write.config },
  schema: {
    tags: ['curation'],
    operationId: 'updateConcept',
    summary: 'Change a concept (JSON Merge Patch)',
    description: `Changes the fields the body names (RFC 7396: \`null\` removes an optional field; an object merges). Content type ${mergePatchType} or application/json. The id cannot change.`,
    security: write.security,
    params: z.strictObject({ id: ConceptId }),
    headers: ifMatchHeaders,
    body: conceptPatchSchema.meta({ examples: [{ summary: { en: 'The Docker CLI plugin that runs builds on BuildKit.' } }] }),
    response: {
      200: jsonReply(ConceptEntry, 'The concept as changed, in seed form; ETag is its new one', exampleConceptEntry),
      ...conceptReplies,
    },
  },
} as const;

const deleteConceptOptions = {
  config: { cost: 'lookup', ...write.config },
  schema: {
    tags: ['curation'],
    operationId: 'deleteConcept',
    summary: 'Delete a concept',
    description: 'Deletes a concept that has no relations left (409 names them otherwise: delete those first).',
    security: write.security,
    params: z.strictObject({ id: ConceptId }),
    headers: ifMatchHeaders,
    response: { 204: z.undefined().describe('Deleted'), ...conceptReplies },
  },
} as const;

const createRelationOptions = {
  config: { cost: 'lookup', ...write.config },
  schema: {
    tags: ['curation'],
    operationId: 'createRelation',
    summary: 'Add a relation',
    description:
      'Adds a relation, written as an entry of graph-seed/relations.yaml and checked by the seed’s rules: both ends exist, the type is in the catalogue and fits their categories, citations and confidence agree, a symmetric pair is listed once, and REQUIRES stays acyclic (a cycle is named in `cycle`).',
    security: write.security,
    body: RelationEntry,
    response: {
      201: jsonReply(RelationEntry, 'The new relation as written; Location and ETag name it', exampleRelationEntry),
      ...relationReplies,
    },
  },
} as const;

const updateRelationOptions = {
  config: { cost: 'lookup', ...write.config },
  schema: {
    tags: ['curation'],
    operationId: 'updateRelation',
    summary: 'Change a relation’s confidence or citations (JSON Merge Patch)',
    description: 'subject, type and object identify a relation: to change them, delete it and create the new one.',
    security: write.security,
    params: z.strictObject({ id: RelationIdParam }),
    headers: ifMatchHeaders,
    body: relationPatchSchema.meta({ examples: [{ confidence: 1 }] }),
    response: {
      200: jsonReply(RelationEntry, 'The relation as changed, in seed form; ETag is its new one', exampleRelationEntry),
      ...relationReplies,
    },
  },
} as const;

const deleteRelationOptions = {
  config: { cost: 'lookup', ...write.config },
  schema: {
    tags: ['curation'],
    operationId: 'deleteRelation',
    summary: 'Delete a relation',
    security: write.security,
    params: z.strictObject({ id: RelationIdParam }),
    headers: ifMatchHeaders,
    response: { 204: z.undefined().describe('Deleted'), ...relationReplies },
  },
} as const;

function registerConceptWrites(app: FastifyInstance, { context, written }: Helpers): void {
  const api = app.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>();
  api.post('/concepts', createConceptOptions, async (request, reply) => {
    const result = await createConcept(await context(request), request.body);
    const path = `/v1/concepts/${request.body.id}`;
    written(reply, result, path);
    reply.code(201).header('location', path);
    return must(result.element, 'the element written');
  });

  api.patch('/concepts/:id', updateConceptOptions, async (request, reply) => {
    const path = `/v1/concepts/${request.params.id}`;
    const result = await updateConcept(await context(request), request.params.id, request.body, precondition(request, path));
    written(reply, result, path);
    return must(result.element, 'the element written');
  });

  api.delete('/concepts/:id', deleteConceptOptions, async (request, reply) => {
    const path = `/v1/concepts/${request.params.id}`;
    const result = await deleteConcept(await context(request), request.params.id, precondition(request, path));
    app.curation.written({ before: result.before, after: null });
    return reply.code(204).send();
  });
}

function registerRelationWrites(app: FastifyInstance, { context, written }: Helpers): void {
  const api = app.withTypeProvider<import('fastify-type-provider-zod').ZodTypeProvider>();
  api.post('/relations', createRelationOptions, async (request, reply) => {
    const result = await createRelation(await context(request), request.body);
    const { subject, type, object } = request.body;
    const path = `/v1/relations/${subject}:${type}:${object}`;
    written(reply, result, path);
    reply.code(201).header('location', path);
    return must(result.element, 'the element written');
  });

  api.patch('/relations/:id', updateRelationOptions, async (request, reply) => {
    const path = `/v1/relations/${request.params.id}`;
    const result = await updateRelation(await context(request), request.params.id, request.body, precondition(request, path));
    written(reply, result, path);
    return must(result.element, 'the element written');
  });

  api.delete('/relations/:id', deleteRelationOptions, async (request, reply) => {
    const path = `/v1/relations/${request.params.id}`;
    const result = await deleteRelation(await context(request), request.params.id, precondition(request, path));
    app.curation.written({ before: result.before, after: null });
    return reply.code(204).send();
  });
}
