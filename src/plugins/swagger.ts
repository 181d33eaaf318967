// OpenAPI document generated from the zod route schemas, served at /openapi.json, with Swagger UI at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { declareConditionalGets, mergeInputTwins, type OpenApiLike } from './openapi-document.js';

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
  return output;
}

/**
 * zod leaves out the `examples` of a parameter that transforms its value (comma-separated lists), because in
 * input mode they would describe the wrong side of the transform; here they are the raw query text, so they
 * go back in. Every parameter then has an example for Swagger UI and generated clients.
 */
function restoreParameterExamples(declared: unknown, transformed: unknown): void {
  for (const part of ['querystring', 'params'] as const) {
    const shape = (declared as Record<string, { shape?: Record<string, z.ZodType> } | undefined> | undefined)?.[part]?.shape;
    const properties = (transformed as Record<string, { properties?: Record<string, { examples?: unknown[] }> } | undefined>)[part]
      ?.properties;
    if (!shape || !properties) continue;
    for (const [name, field] of Object.entries(shape)) {
      const examples = z.globalRegistry.get(field)?.examples;
      const property = properties[name];
      if (property && property.examples === undefined && Array.isArray(examples)) property.examples = examples;
    }
  }
}

export interface SwaggerOptions {
  /** Base URL clients should call; unset: the server that served the document. */
  publicUrl?: string | undefined;
}

export const swaggerPlugin = fp<SwaggerOptions>(
  async (app, { publicUrl }) => {
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
      },
      transform: transformKeepingExamples,
      transformObject: (input) => declareConditionalGets(mergeInputTwins(jsonSchemaTransformObject(input) as OpenApiLike)),
      // A public URL with a path must not be cut off the routes' paths.
      stripBasePath: false,
    });
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true, tryItOutEnabled: true } });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'swagger' },
);
