// OpenAPI document generated from the zod route schemas, served at /openapi.json, with Swagger UI at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

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
  return output;
}

export const swaggerPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
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
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true, tryItOutEnabled: true } });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  },
  { name: 'swagger' },
);
