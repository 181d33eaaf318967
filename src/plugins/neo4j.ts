// One driver per app instance: created at registration (no connection is opened until first use, so the
// API starts even when Neo4j is down), closed when the app closes. Every statement through `app.graphDb` is
// admitted first (GraphDatabase's options): it fails at once while the Neo4j health state says the database
// is down, a request's view stops before its next statement once the client has gone or the deadline has
// passed, and driver errors reach the health state. A background probe on a small pool of its own keeps that
// state current.
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { ServiceUnavailableError } from '../errors.js';
import { GraphDatabase } from '../graph/database.js';
import { createDriver, driverTuning } from '../graph/driver.js';
import { classifyDriverError } from '../graph/driver-errors.js';
import { Neo4jHealth, Neo4jProbe, probeTuning } from '../graph/neo4j-health.js';

declare module 'fastify' {
  interface FastifyInstance {
    graphDb: GraphDatabase;
    neo4jHealth: Neo4jHealth;
  }
  interface FastifyRequest {
    /** app.graphDb for this request: its statements stop once the client is gone (GraphDatabase.forRequest). */
    graphDb: GraphDatabase;
  }
}

function logTransitions(health: Neo4jHealth, log: FastifyBaseLogger): void {
  health.onChange(({ from, to, reason }) => {
    if (to === 'down') log.warn({ neo4j: { from, to }, reason }, 'Neo4j is down: data requests answer 503 until it returns');
    else log.info({ neo4j: { from, to }, reason }, `Neo4j health: ${from} -> ${to}`);
  });
}

export const neo4jPlugin = fp<{ neo4j: Config['neo4j']; probe: Config['neo4jHealth'] }>(
  async (app, { neo4j: neo4jConfig, probe: probeConfig }) => {
    const driver = createDriver(neo4jConfig);
    // The probe's own deadline (withDeadline) bounds each probe; these only keep its pool from piling up.
    const probeDriver = createDriver(neo4jConfig, {
      maxConnectionPoolSize: driverTuning.probePoolSize,
      connectionAcquisitionTimeout: Math.max(probeConfig.probeTimeoutMs, probeTuning.firstAnswerTimeoutMs),
      connectionTimeout: Math.max(probeConfig.probeTimeoutMs, probeTuning.firstAnswerTimeoutMs),
    });
    const health = new Neo4jHealth();
    logTransitions(health, app.log);

    const admit = (): void => {
      if (!health.admitsQueries) {
        throw health.status === 'warming'
          ? new ServiceUnavailableError('NOT_READY', 'Neo4j has just returned; the service is warming up.')
          : new ServiceUnavailableError('NEO4J_UNAVAILABLE', 'The graph database is not reachable right now; try again shortly.');
      }
    };
    const report = (error: unknown): void => {
      health.reportFailure(classifyDriverError(error), error instanceof Error ? error.message : String(error));
    };
    const { database, queryTimeoutMs } = neo4jConfig;
    app.decorate(
      'graphDb',
      new GraphDatabase(driver, database, queryTimeoutMs, { admit, onError: report, poolSize: driverTuning.maxConnectionPoolSize }),
    );
    app.decorate('neo4jHealth', health);

    const probeDb = new GraphDatabase(probeDriver, database, probeConfig.probeTimeoutMs);
    const rawDb = new GraphDatabase(driver, database, queryTimeoutMs);
    const probe = new Neo4jProbe({
      health,
      intervalMs: probeConfig.probeIntervalMs,
      timeoutMs: probeConfig.probeTimeoutMs,
      probe: async (timeoutMs) => {
        health.serverAgent = (await probeDb.ping(timeoutMs)).serverAgent;
      },
      warmUp: async () => {
        await Promise.all(Array.from({ length: probeTuning.warmUpQueries }, () => rawDb.ping(probeConfig.probeTimeoutMs)));
      },
    });

    // Each request reads through its own view of the database (request.graphDb), which stops before the next
    // statement once nobody waits for the reply. A response is destroyed once its connection closed and
    // finished once it was written: destroyed but unfinished means the client hung up first.
    app.decorateRequest('graphDb', null as unknown as GraphDatabase);
    app.addHook('onRequest', (request, reply, done) => {
      const response = reply.raw;
      const view = app.graphDb.forRequest(() => reply.sent || (response.destroyed && !response.writableFinished));
      request.graphDb = view;
      // 'close' comes once the reply is over, written or cut: whatever replaced or dropped a stream the route
      // opened (a 304, an error reply, the deadline, a hang-up), its transaction and connection go back now.
      response.once('close', () => view.release());
      done();
    });
    app.addHook('onReady', async () => {
      // The first answer (or failure) is known before the app reports itself ready.
      await probe.start();
    });
    app.addHook('onClose', async () => {
      await probe.stop();
      await Promise.all([driver.close(), probeDriver.close()]);
    });
  },
  { name: 'neo4j' },
);
