import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ServiceUnavailableError } from '../errors.js';
import { jsonReply, problemReplies } from './schemas.js';

const LiveSchema = z.object({ status: z.literal('ok'), uptimeSeconds: z.number() });
const ReadySchema = z.object({
  status: z.literal('ready'),
  neo4j: z.object({ database: z.string(), serverAgent: z.string() }),
  seed: z.enum(['disabled', 'done']).describe('Whether start-up seeding is off or finished'),
});

/**
 * Why the service is not ready, or undefined when it is: one answer for GET /health/ready and for the
 * process's own "ready to serve" line. Read from shared state (app.lifecycle, and the Neo4j health the
 * background probe keeps current), never by waiting on Neo4j: a hung database must not hang the
 * orchestrator's check.
 */
export function notReady(app: FastifyInstance): ServiceUnavailableError | undefined {
  const { lifecycle } = app;
  if (lifecycle.shuttingDown) return new ServiceUnavailableError('SHUTTING_DOWN', 'The service is shutting down.');
  const health = app.neo4jHealth;
  if (health.status === 'warming') return new ServiceUnavailableError('NOT_READY', 'Neo4j has just returned; the service is warming up.');
  if (health.cause) return new ServiceUnavailableError('NEO4J_UNAVAILABLE', `Neo4j does not answer: ${health.cause}.`);
  if (health.status !== 'up') return new ServiceUnavailableError('NEO4J_UNAVAILABLE', 'Neo4j does not answer a query.');
  // The probe has a pool of its own, so it answers even when every connection of the requests' pool is
  // taken; then a data request would wait for a connection and fail, and the instance is not ready.
  if (app.graphDb.poolExhausted) {
    return new ServiceUnavailableError('OVERLOADED', 'Every pooled Neo4j connection is in use; data requests would wait and fail.');
  }
  const seed = lifecycle.seed.status;
  if (seed === 'pending' || seed === 'failed') {
    return new ServiceUnavailableError(
      'NOT_READY',
      seed === 'failed' ? `Loading the seed graph failed: ${lifecycle.seed.error ?? 'see the log'}` : 'The seed graph is still loading.',
    );
  }
  const preparing = lifecycle.waitingFor;
  if (preparing.length > 0) return new ServiceUnavailableError('NOT_READY', `Still preparing ${preparing.join(' and ')}.`);
  return undefined;
}

export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/health/live',
    {
      config: { cost: 'health' },
      schema: {
        tags: ['health'],
        operationId: 'getLiveness',
        summary: 'The process is up',
        description: 'Answers 200 whenever the process runs, whether or not Neo4j is reachable.',
        response: { 200: jsonReply(LiveSchema, 'The process is up', { status: 'ok', uptimeSeconds: 12.3 }) },
      },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime() * 10) / 10 }),
  );

  app.get(
    '/health/ready',
    {
      config: { cost: 'health' },
      schema: {
        tags: ['health'],
        operationId: 'getReadiness',
        summary: 'Neo4j answers and the graph is loaded',
        description:
          'Answers 200 when the background probe finds that Neo4j answers, warm-up after an outage is done, start-up seeding (if enabled) has finished, the retrieval index is built, a pooled Neo4j connection is free and the service is not shutting down; otherwise 503 problem+json. Never waits on Neo4j itself.',
        response: {
          200: jsonReply(ReadySchema, 'Ready to serve data', {
            status: 'ready',
            neo4j: { database: 'neo4j', serverAgent: 'Neo4j/5.26.30' },
            seed: 'done',
          }),
          ...problemReplies(503),
        },
      },
    },
    async () => {
      const refusal = notReady(app);
      if (refusal) throw refusal;
      const health = app.neo4jHealth;
      // notReady() has ruled out a pending or failed seed.
      const seed = app.lifecycle.seed.status as 'disabled' | 'done';
      return { status: 'ready' as const, neo4j: { database: app.graphDb.database, serverAgent: health.serverAgent }, seed };
    },
  );
};
