// buildApp(config): the whole service as an un-listened Fastify instance (tests drive it with inject).
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { type FastifyPluginAsyncZod, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { cataloguePlugin } from './plugins/catalogue.js';
import { errorHandlerPlugin } from './plugins/error-handler.js';
import { replyCachePlugin } from './plugins/etag.js';
import { graphVersionPlugin } from './plugins/graph-version.js';
import { neo4jPlugin } from './plugins/neo4j.js';
import { seedOnStartPlugin } from './plugins/seed-on-start.js';
import { swaggerPlugin } from './plugins/swagger.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { conceptRoutes } from './routes/concepts.js';
import { exportRoutes } from './routes/export.js';
import { healthRoutes } from './routes/health.js';
import { learningRoutes } from './routes/learning.js';
import { relationRoutes } from './routes/relations.js';
import { retrieveRoutes } from './routes/retrieve.js';
import { searchRoutes } from './routes/search.js';

export interface BuildOptions {
  /** Replaces the pino logger options, e.g. `false` in tests. */
  logger?: FastifyServerOptions['logger'];
}

/** The API routes live in one encapsulated plugin so the zod compilers do not leak to other plugins' routes. */
const apiPlugin: FastifyPluginAsyncZod = async (app) => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(healthRoutes);
  await app.register(
    async (v1) => {
      await v1.register(conceptRoutes);
      await v1.register(relationRoutes);
      await v1.register(searchRoutes);
      await v1.register(catalogueRoutes);
      await v1.register(retrieveRoutes);
      await v1.register(learningRoutes);
      await v1.register(exportRoutes);
    },
    { prefix: '/v1' },
  );
};

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: 64 * 1024,
    requestIdHeader: 'x-request-id',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });

  await app.register(errorHandlerPlugin);
  // Learning apps call the API from browsers; ETag must be readable for their caches.
  await app.register(cors, {
    origin: config.http.corsOrigins,
    methods: ['GET', 'HEAD', 'POST'],
    exposedHeaders: ['ETag', 'Retry-After'],
    maxAge: 600,
  });
  await app.register(neo4jPlugin, { neo4j: config.neo4j });
  await app.register(graphVersionPlugin);
  await app.register(replyCachePlugin);
  await app.register(cataloguePlugin);
  await app.register(seedOnStartPlugin, { seed: config.seed });
  await app.register(swaggerPlugin);
  await app.register(apiPlugin);
  return app;
}
