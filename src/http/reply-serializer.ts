// How replies become JSON. The route's zod response schema describes every reply in the OpenAPI document;
// writing one should not cost a full zod pass per request, so replies are written with JSON.stringify, as
// a bare Node server would. With checks on (the test suites, REPLY_CHECKS=true), each reply is first
// encoded through its schema and must come out the same: a field missing, mistyped or not in the
// document fails the request with a 500 instead of slipping through, and the tests catch it.
import { isDeepStrictEqual } from 'node:util';
import type { FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';

type RouteSchema = z.ZodType | { properties: z.ZodType };

function zodSchemaOf(schema: RouteSchema): z.ZodType {
  if (schema instanceof z.ZodType) return schema;
  if ('properties' in schema && schema.properties instanceof z.ZodType) return schema.properties;
  throw new Error(`A reply schema that is not a zod schema: ${JSON.stringify(schema)}`);
}

export class ReplyShapeError extends Error {
  constructor(method: string, url: string, detail: string) {
    super(`The ${method} ${url} reply does not match its documented schema: ${detail}`);
    this.name = 'ReplyShapeError';
  }
}

export function replySerializerCompiler(checks: boolean): FastifySerializerCompiler<RouteSchema> {
  return ({ schema, method, url }) => {
    if (!checks) return (data) => JSON.stringify(data);
    const zodSchema = zodSchemaOf(schema);
    return (data) => {
      const encoded = z.safeEncode(zodSchema, data);
      if (!encoded.success) throw new ReplyShapeError(method, url, z.prettifyError(encoded.error));
      const text = JSON.stringify(data);
      // Compared as JSON, so key order and undefined fields do not count; extra or altered fields do.
      if (!isDeepStrictEqual(JSON.parse(JSON.stringify(encoded.data)), JSON.parse(text))) {
        throw new ReplyShapeError(method, url, `fields outside the schema, or changed by it: ${text.slice(0, 300)}`);
      }
      return text;
    };
  };
}
