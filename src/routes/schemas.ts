// Schemas shared by every route: the problem body and helpers that declare replies with examples.
import { z } from 'zod';
import { type ProblemCode, problemCatalog, problemType } from '../errors.js';
import { Provenance } from '../graph/model.js';

export const ProblemSchema = z
  .looseObject({
    type: z.string().describe('URI naming the problem type'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('Stable machine-readable code; docs/api.md lists them all'),
    instance: z.string().optional().describe('The request path that produced the problem'),
    requestId: z.string().optional().describe('The request id, also sent in the x-request-id header; quote it when reporting a problem'),
    errors: z
      .array(z.object({ in: z.string(), path: z.string(), message: z.string() }))
      .optional()
      .describe('Every validation failure, for VALIDATION_FAILED'),
  })
  .describe('RFC 9457 problem details');
z.globalRegistry.add(ProblemSchema, { id: 'Problem' });

/** Statuses a route can declare for its problem replies, with the code its example shows and a description. */
const problemStatuses = {
  400: { code: 'VALIDATION_FAILED', description: 'The request is not valid (problem+json)' },
  404: { code: 'CONCEPT_NOT_FOUND', description: 'Not found (problem+json)' },
  409: {
    code: 'CONCEPT_EXISTS',
    description: 'The write conflicts with the graph: the element exists, or a concept still has relations (problem+json)',
  },
  412: { code: 'PRECONDITION_FAILED', description: 'If-Match does not carry the element’s current ETag: GET it again (problem+json)' },
  428: { code: 'PRECONDITION_REQUIRED', description: 'The write needs If-Match with the element’s ETag (problem+json)' },
  408: { code: 'REQUEST_TIMEOUT', description: 'The request did not arrive in time (problem+json)' },
  413: { code: 'PAYLOAD_TOO_LARGE', description: 'The body is larger than 64 KiB (problem+json)' },
  414: { code: 'URI_TOO_LONG', description: 'A path segment is too long (problem+json)' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', description: 'The body is not application/json (problem+json)' },
  429: { code: 'RATE_LIMITED', description: 'Too many requests from this client; wait as Retry-After says (problem+json)' },
  431: { code: 'HEADERS_TOO_LARGE', description: 'The URL and headers exceed 16 KiB (problem+json)' },
  500: { code: 'INTERNAL_ERROR', description: 'Unexpected error; details are in the server log (problem+json)' },
  503: {
    code: 'NEO4J_UNAVAILABLE',
    description: 'Neo4j is not reachable, a query timed out, or the service is not ready or is shutting down (problem+json)',
  },
} as const satisfies Record<number, { code: ProblemCode; description: string }>;

export type ProblemStatus = keyof typeof problemStatuses;

/** Statuses any request can meet whatever its route: the HTTP layer's limits and the service's own state. */
export const everyRouteProblemStatuses = [400, 408, 414, 431, 500, 503] as const satisfies ProblemStatus[];

function problemExample(status: ProblemStatus) {
  const { code } = problemStatuses[status];
  return {
    type: problemType(code),
    title: problemCatalog[code].title,
    status,
    detail: status === 404 ? "No concept has the id 'dockr'." : problemCatalog[code].title,
    code,
    instance: status === 404 ? '/v1/concepts/dockr' : '/v1/concepts?limit=500',
    requestId: '8f0c5a3e-7a51-4a4e-9a39-3f1e0b2d6c10',
    ...(status === 400 ? { errors: [{ in: 'querystring', path: 'limit', message: 'Too big: expected number to be <=100' }] } : {}),
  };
}

/** A reply whose body is an example-carrying JSON document. */
export function jsonReply<T extends z.ZodType>(schema: T, description: string, example: z.output<T>) {
  return { description, content: { 'application/json': { schema, example } } };
}

/** Problem replies for the listed statuses, each with an example. */
export function problemReplies<S extends ProblemStatus>(...statuses: S[]) {
  const replies = {} as Record<
    S,
    { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema; example: unknown } } }
  >;
  for (const status of statuses) {
    replies[status] = {
      description: problemStatuses[status].description,
      content: { 'application/problem+json': { schema: ProblemSchema, example: problemExample(status) } },
    };
  }
  return replies;
}

/**
 * The same replies as OpenAPI response objects pointing at the Problem component, for the document transform
 * that gives every operation the statuses of `everyRouteProblemStatuses` it does not declare itself.
 */
export function problemResponseObject(status: ProblemStatus) {
  return {
    description: problemStatuses[status].description,
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' }, example: problemExample(status) } },
  };
}

// ---- Request pieces shared by the /v1 routes ------------------------------------------------------

export const limitParam = (defaultValue: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(defaultValue).describe(`How many items at most (1–${max}, default ${defaultValue})`);

export const cursorParam = z
  .string()
  .min(1)
  .max(1000)
  .optional()
  .describe('Opaque cursor from the previous page’s nextCursor; omit for the first page');

/** Relation type keys separated by commas, as the `type` parameter takes them (MCP tools accept the same text). */
export const typeListText = z
  .string()
  .max(600)
  .regex(
    /^\s*[A-Za-z][A-Za-z0-9_]*(\s*,\s*[A-Za-z][A-Za-z0-9_]*)*\s*$/,
    'must be relation type keys separated by commas, e.g. IMPLEMENTS,USES',
  );

/** Comma-separated relation type keys, case-insensitive; unknown keys are a 400 listing the valid ones. */
export const typeListParam = typeListText
  .transform((value) => value.split(',').map((key) => key.trim().toUpperCase()))
  .optional()
  .describe('Relation type keys, comma-separated (see GET /v1/relation-types)');

/**
 * Keeps a listing to one source (docs/seed.md, "Reading one source"); one definition for every route that
 * lists concepts or relations, with the filtering itself in graph/source-filter.ts.
 */
export const sourceParam = Provenance.optional()
  .describe(
    'Only what this source supports: notes (the study notes; a relation also needs both its concepts from the notes) ' +
      'or background (official documentation beyond the notes). Leave out for the whole graph.',
  )
  .meta({ examples: ['notes'] });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('Cursor for the next page; null on the last page') });

/** Every GET under /v1 answers 304 when If-None-Match carries its current ETag (plugins/reply-cache.ts). */
export const notModifiedReply = {
  304: z.undefined().describe('Not modified: If-None-Match matched the current ETag; no body'),
};
