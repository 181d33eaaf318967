// Schemas shared by every route: the problem body and helpers that declare replies with examples.
import { z } from 'zod';
import { type ProblemCode, problemCatalog, problemType } from '../errors.js';

export const ProblemSchema = z
  .looseObject({
    type: z.string().describe('URI naming the problem type'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('Stable machine-readable code; see the README for the list'),
    instance: z.string().optional().describe('The request path that produced the problem'),
    errors: z
      .array(z.object({ in: z.string(), path: z.string(), message: z.string() }))
      .optional()
      .describe('Every validation failure, for VALIDATION_FAILED'),
  })
  .describe('RFC 9457 problem details');
z.globalRegistry.add(ProblemSchema, { id: 'Problem' });

const problemExamples: Partial<Record<number, ProblemCode>> = {
  400: 'VALIDATION_FAILED',
  404: 'CONCEPT_NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  500: 'INTERNAL_ERROR',
  503: 'NEO4J_UNAVAILABLE',
};

const problemDescriptions: Record<number, string> = {
  400: 'The request is not valid (problem+json)',
  404: 'Not found (problem+json)',
  413: 'The body is larger than 64 KiB (problem+json)',
  415: 'The body is not application/json (problem+json)',
  500: 'Unexpected error; details are in the server log (problem+json)',
  503: 'Neo4j is not reachable or a query timed out (problem+json)',
};

/** A reply whose body is an example-carrying JSON document. */
export function jsonReply<T extends z.ZodType>(schema: T, description: string, example: z.output<T>) {
  return { description, content: { 'application/json': { schema, example } } };
}

/** Problem replies for the listed statuses, each with an example. */
export function problemReplies<S extends 400 | 404 | 413 | 415 | 500 | 503>(...statuses: S[]) {
  const replies = {} as Record<
    S,
    { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema; example: unknown } } }
  >;
  for (const status of statuses) {
    const code = problemExamples[status] ?? 'INTERNAL_ERROR';
    replies[status] = {
      description: problemDescriptions[status] ?? 'Problem',
      content: {
        'application/problem+json': {
          schema: ProblemSchema,
          example: {
            type: problemType(code),
            title: problemCatalog[code].title,
            status,
            detail: status === 404 ? "No concept has the id 'dockr'." : problemCatalog[code].title,
            code,
            ...(status === 400 ? { errors: [{ in: 'querystring', path: 'limit', message: 'Too big: expected number to be <=100' }] } : {}),
          },
        },
      },
    };
  }
  return replies;
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

/** Comma-separated relation type keys, case-insensitive; unknown keys are a 400 listing the valid ones. */
export const typeListParam = z
  .string()
  .max(600)
  .regex(
    /^\s*[A-Za-z][A-Za-z0-9_]*(\s*,\s*[A-Za-z][A-Za-z0-9_]*)*\s*$/,
    'must be relation type keys separated by commas, e.g. IMPLEMENTS,USES',
  )
  .transform((value) => value.split(',').map((key) => key.trim().toUpperCase()))
  .optional()
  .describe('Relation type keys, comma-separated (see GET /v1/relation-types)');

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().describe('Cursor for the next page; null on the last page') });

/** Every GET under /v1 answers 304 when If-None-Match carries its current ETag (plugins/etag.ts). */
export const notModifiedReply = {
  304: z.undefined().describe('Not modified: If-None-Match matched the current ETag; no body'),
};
