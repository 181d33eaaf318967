// buildApp(config): the whole service as an un-listened Fastify instance (tests drive it with inject).
import type { Server } from 'node:http';
import cors from '@fastify/cors';
import Fastify, { type FastifyHttpOptions, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { type FastifyPluginAsyncZod, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { AccessLogController, withLogRedaction } from './http/access-log.js';
import { replySerializerCompiler } from './http/reply-serializer.js';
import { mcpHttpRoutes } from './mcp/http.js';
import { authPlugin } from './plugins/auth.js';
import { curationPlugin } from './plugins/curation.js';
import { cursorKeysPlugin } from './plugins/cursor-keys.js';
import { clientErrorHandler, errorHandlerPlugin, frameworkErrorHandler } from './plugins/error-handler.js';
import { explorerPlugin } from './plugins/explorer.js';
import { lifecyclePlugin } from './plugins/lifecycle.js';
import { loadSheddingPlugin } from './plugins/load-shedding.js';
import { metricsPlugin } from './plugins/metrics.js';
import { neo4jPlugin } from './plugins/neo4j.js';
import { protocolGuardsPlugin } from './plugins/protocol-guards.js';
import { rateLimitPlugin } from './plugins/rate-limit.js';
import { replyCachePlugin } from './plugins/reply-cache.js';
import { genReqId, requestIdPlugin } from './plugins/request-id.js';
import { retrievalPlugin } from './plugins/retrieval.js';
import { securityHeadersPlugin } from './plugins/security-headers.js';
import { seedOnStartPlugin } from './plugins/seed-on-start.js';
import { swaggerPlugin } from './plugins/swagger.js';
import { turnBudgetPlugin } from './plugins/turn-budget.js';
import { warmUpPlugin } from './plugins/warm-up.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { changeRoutes } from './routes/changes.js';
import { conceptRoutes } from './routes/concepts.js';
import { curationRoutes } from './routes/curation.js';
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
const apiPlugin: FastifyPluginAsyncZod<{ replyChecks: boolean }> = async (app, { replyChecks }) => {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(replySerializerCompiler(replyChecks));
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
      await v1.register(curationRoutes);
      await v1.register(changeRoutes);
    },
    { prefix: '/v1' },
  );
};

/** Fastify takes a hop count as a function (its typings omit the number form proxy-addr accepts). */
function trustProxyOption(trust: Config['http']['trustProxy']) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}

/**
 * Learning apps call the API from browsers; ETag must be readable for their caches. CORS: the API's reads are
 * open to the configured origins; /mcp only to MCP_ALLOWED_ORIGINS (closed by default), since a page that may
 * call a local MCP server can act through it.
 */
async function registerCors(app: FastifyInstance, http: Config['http']): Promise<void> {
  const corsFor = (origin: boolean | string | string[]) => ({
    origin,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    exposedHeaders: ['ETag', 'Retry-After', 'Location', 'WWW-Authenticate'],
    maxAge: 600,
  });
  const apiCors = corsFor(http.corsOrigins);
  const mcpCors = corsFor(http.mcpAllowedOrigins.length > 0 ? http.mcpAllowedOrigins : false);
  await app.register(cors, {
    delegator: (request, callback) => callback(null, /^\/mcp(?:[/?]|$)/.test(request.url ?? '') ? mcpCors : apiCors),
  });
}

/** Fastify's and Node's server options: body limit, request ids, access log, early errors, timeouts. */
function serverOptions(config: Config, options: BuildOptions): FastifyHttpOptions<Server> {
  return {
    logger: withLogRedaction(options.logger ?? { level: config.logLevel }),
    bodyLimit: 64 * 1024,
    // Request ids: the client's x-request-id only when short and plain (plugins/request-id.ts), else a new one.
    requestIdHeader: false,
    genReqId,
    // One access-log line per request instead of Fastify's two, with the request id as `requestId`.
    logController: new AccessLogController(),
    // Errors raised before Fastify's hooks (a refused HTTP parse, bad URL encoding) still leave as
    // problem+json: plugins/error-handler.ts. A request that arrives while the app closes goes through the
    // hooks rather than Fastify's plain 503, and plugins/lifecycle.ts answers it as problem+json.
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Limits on slow or idle clients (docs/operations.md, "Limits"); X-Forwarded-For only when TRUST_PROXY says so.
    trustProxy: trustProxyOption(config.http.trustProxy),
    requestTimeout: config.limits.requestTimeoutMs,
    keepAliveTimeout: config.limits.keepAliveTimeoutMs,
    connectionTimeout: config.limits.requestTimeoutMs + config.limits.handlerTimeoutMs,
    http: {
      headersTimeout: config.limits.headersTimeoutMs,
      requestTimeout: config.limits.requestTimeoutMs,
      // Node checks the two timeouts above only this often (30 s by default).
      connectionsCheckingInterval: 1_000,
      // Node would refuse a request without Host in plain text; plugins/protocol-guards.ts refuses it as problem+json.
      requireHostHeader: false,
    },
  };
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify(serverOptions(config, options));
  app.server.maxConnections = config.limits.maxConnections;

  // Request id and security headers first: their onRequest hooks then run before any early reply (404, 405).
  await app.register(requestIdPlugin);
  // Then the queue that keeps event-loop turns short, ahead of every hook that does work (refusals included).
  await app.register(turnBudgetPlugin);
  await app.register(securityHeadersPlugin);
  await app.register(errorHandlerPlugin);
  await app.register(protocolGuardsPlugin);
  // CORS before the lifecycle and load shedding, so that their 503s (shutting down, overloaded) carry CORS
  // headers too: a browser app can then read the problem and its Retry-After instead of seeing a network
  // error. After the error handler, whose hook answers a plain OPTIONS (no preflight) before CORS would call
  // it a bad preflight.
  await registerCors(app, config.http);
  // The API answers 415 to a body that is not JSON (docs/api.md); Fastify would otherwise parse text/plain as a string.
  app.removeContentTypeParser('text/plain');
  // The phase, start-up work and the refusals once shutting down; before every plugin that reads or feeds it.
  await app.register(lifecyclePlugin);
  await app.register(loadSheddingPlugin, { limits: config.limits });
  await app.register(rateLimitPlugin, { limits: config.limits });
  await app.register(neo4jPlugin, { neo4j: config.neo4j, probe: config.neo4jHealth });
  // API keys: a route-level check added after the rate limit's, so refused keys count against the budget first.
  await app.register(authPlugin, { reads: config.auth.reads, windowMs: config.limits.rateLimitWindowMs });
  await app.register(metricsPlugin);
  await app.register(replyCachePlugin);
  await app.register(seedOnStartPlugin, { seed: config.seed });
  await app.register(retrievalPlugin);
  if (config.seed.warmUp) await app.register(warmUpPlugin);
  await app.register(cursorKeysPlugin, config.cursor);
  await app.register(swaggerPlugin, { docsEnabled: config.http.docsEnabled, publicUrl: config.http.publicUrl });
  await app.register(explorerPlugin);
  await app.register(curationPlugin, { seedDir: config.seed.dir });
  await app.register(apiPlugin, { replyChecks: config.http.replyChecks });
  await app.register(mcpHttpRoutes, {
    access: { allowedHosts: config.http.mcpAllowedHosts, allowedOrigins: config.http.mcpAllowedOrigins },
  });
  return app;
}
