// OpenAPI document generated from the zod route schemas, served at /openapi.json, with Swagger UI at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { encodeCursor } from '../graph/pagination.js';
import { declareConditionalGets, mergeInputTwins, type OpenApiLike } from '../http/openapi-document.js';
import { declareLinks } from '../http/openapi-links.js';
import { everyRouteProblemStatuses, problemResponseObject } from '../routes/schemas.js';
import { bearerAuthScheme } from './auth.js';

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];

interface MediaWithExample {
  example?: unknown;
}

/**
 * fastify-type-provider-zod keeps only `schema` of each media type; this puts the reply examples
 * declared next to the schemas (see routes/schemas.ts) back into the document.
 */
function transformKeepingExamples(input: TransformInput) {
  const output = jsonSchemaTransform(input);
  const declared = (input.schema as { response?: Record<string, { content?: Record<string, MediaWithExample> }> } | undefined)?.response;
  const transformed = (output.schema as { response?: Record<string, { content?: Record<string, MediaWithExample> }> }).response;
  if (declared && transformed) {
    for (const [status, reply] of Object.entries(declared)) {
      for (const [mediaType, media] of Object.entries(reply.content ?? {})) {
        const target = transformed[status]?.content?.[mediaType];
        if (target && media.example !== undefined) target.example = media.example;
      }
    }
  }
  restoreParameterExamples(input.schema, output.schema);
  return withEveryRouteProblems(output);
}

/**
 * zod leaves out the `examples` of a parameter that transforms its value (comma-separated lists), because in
 * input mode they would describe the wrong side of the transform; here they are the raw query text, so they
 * go back in. A cursor declared with `exampleCursor: { scope, after }` gets a real, signed cursor.
 * Every parameter then has an example for Swagger UI and generated clients.
 */
function restoreParameterExamples(declared: unknown, transformed: unknown): void {
  for (const part of ['querystring', 'params'] as const) {
    const shape = (declared as Record<string, { shape?: Record<string, z.ZodType> } | undefined> | undefined)?.[part]?.shape;
    const properties = (transformed as Record<string, { properties?: Record<string, { examples?: unknown[] }> } | undefined>)[part]
      ?.properties;
    if (!shape || !properties) continue;
    for (const [name, field] of Object.entries(shape)) {
      const meta = z.globalRegistry.get(field);
      const property = properties[name] as ({ examples?: unknown[]; exampleCursor?: unknown } & Record<string, unknown>) | undefined;
      if (!property) continue;
      // A cursor example must carry this deployment's signature, which exists only once the app is configured.
      const cursor = meta?.exampleCursor as { scope: string; after: string } | undefined;
      delete property.exampleCursor;
      if (cursor) property.examples = [encodeCursor(cursor.scope, cursor.after)];
      else if (property.examples === undefined && Array.isArray(meta?.examples)) property.examples = meta.examples;
    }
  }
}

/**
 * Limits of the HTTP layer (400 for a malformed request, 408, 414, 431) and the service's state (500, 503)
 * can answer any request that reaches a route's parameters, so every operation that declares problem replies
 * declares these too, and a client or fuzzer never meets an undocumented status. (429 is declared by the
 * rate-limit plugin, on the routes it limits.)
 */
function withEveryRouteProblems(output: ReturnType<typeof jsonSchemaTransform>) {
  const schema = output.schema as { hide?: boolean; response?: Record<string, { content?: Record<string, unknown> }> };
  const declared = schema.response ?? {};
  const declaresProblems = Object.values(declared).some((reply) => reply?.content?.['application/problem+json'] !== undefined);
  if (schema.hide || !declaresProblems) return output;
  const response: Record<string, unknown> = { ...declared };
  for (const status of everyRouteProblemStatuses) response[String(status)] ??= problemResponseObject(status);
  return { ...output, schema: { ...schema, response } };
}

export interface SwaggerOptions {
  /** DOCS_ENABLED: the Swagger UI at /docs; /openapi.json is served either way (generated clients need it). */
  docsEnabled: boolean;
  /** Base URL clients should call; unset: the server that served the document. */
  publicUrl?: string | undefined;
}

export const swaggerPlugin = fp<SwaggerOptions>(
  async (app, { docsEnabled, publicUrl }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        servers: [
          publicUrl
            ? { url: publicUrl, description: 'This deployment' }
            : { url: '/', description: 'The server that served this document' },
        ],
        info: {
          title: 'concept-graph',
          version: '0.1.0',
          description:
            'A knowledge graph of Docker and container concepts and the typed relations between them, in English and Korean, with sources. ' +
            'Every error is application/problem+json (RFC 9457) with a stable `code`.',
          license: { name: 'MIT', identifier: 'MIT' },
        },
        tags: [
          { name: 'health', description: 'Liveness and readiness' },
          { name: 'concepts', description: 'Concepts and their relations' },
          { name: 'relations', description: 'Triple-pattern queries over relations' },
          { name: 'graph', description: 'Neighbourhoods, paths and export' },
          { name: 'search', description: 'Full-text search in English and Korean' },
          { name: 'catalogue', description: 'Relation types, categories and sources' },
          { name: 'learning', description: 'Retrieval for chatbots, learning paths and quizzes' },
        ],
        // Operations that need an API key name it in their `security` (plugins/auth.ts).
        components: { securitySchemes: { bearerAuth: bearerAuthScheme } },
      },
      transform: transformKeepingExamples,
      transformObject: (input) => declareLinks(declareConditionalGets(mergeInputTwins(jsonSchemaTransformObject(input) as OpenApiLike))),
      // A public URL with a path must not be cut off the routes' paths.
      stripBasePath: false,
    });
    if (docsEnabled) {
      await app.register(swaggerUi, {
        routePrefix: '/docs',
        // No validator badge: it would load an image from validator.swagger.io, which the CSP refuses.
        uiConfig: { docExpansion: 'list', deepLinking: true, tryItOutEnabled: true, validatorUrl: null },
      });
    }
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'swagger' },
);
