// One driver per app instance: created at registration (no connection is opened until first use, so the
// API starts even when Neo4j is down), closed when the app closes. Every statement through `app.graphDb` is
// admitted first (GraphDatabase's options): it fails at once while the Neo4j health state says the database
// is down, a request's view stops before its next statement once the client has gone or the deadline has
// passed, and driver errors reach the health state. A background probe on a small pool of its own keeps that
// state current. Also the two caches over the graph: the relation-type catalogue and the graph version.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Driver } from 'neo4j-driver';
import type { Config } from '../config.js';
import { ServiceUnavailableError } from '../errors.js';
import { CatalogueCache } from '../graph/catalogue.js';
import { GraphDatabase } from '../graph/database.js';
import { createDriver, driverTuning } from '../graph/driver.js';
import { classifyDriverError } from '../graph/driver-errors.js';
import { GraphVersionTracker, readGraphVersion } from '../graph/graph-version.js';
import { Neo4jHealth, Neo4jProbe, probeTuning } from '../graph/neo4j-health.js';

declare module 'fastify' {
  interface FastifyInstance {
    graphDb: GraphDatabase;
    neo4jHealth: Neo4jHealth;
    /** The relation-type catalogue (with sources and categories), cached. */
    catalogue: CatalogueCache;
    /** The graph's current version, read from Neo4j at most once a second: what the caches key on. */
    graphVersion: GraphVersionTracker;
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

/** The data database: every statement is admitted by the health state first and reports its failures to it. */
function admittedDatabase(driver: Driver, neo4jConfig: Config['neo4j'], health: Neo4jHealth): GraphDatabase {
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
  return new GraphDatabase(driver, neo4jConfig.database, neo4jConfig.queryTimeoutMs, {
    admit,
    onError: report,
    poolSize: driverTuning.maxConnectionPoolSize,
  });
}

/**
 * The background probe: a small pool of its own (its deadline, withDeadline, bounds each probe; the driver's
 * timeouts only keep the pool from piling up), and a warm-up on the data pool, unadmitted, once Neo4j returns.
 */
function healthProbe(driver: Driver, neo4jConfig: Config['neo4j'], probeConfig: Config['neo4jHealth'], health: Neo4jHealth) {
  const probeDriver = createDriver(neo4jConfig, {
    maxConnectionPoolSize: driverTuning.probePoolSize,
    connectionAcquisitionTimeout: Math.max(probeConfig.probeTimeoutMs, probeTuning.firstAnswerTimeoutMs),
    connectionTimeout: Math.max(probeConfig.probeTimeoutMs, probeTuning.firstAnswerTimeoutMs),
  });
  const { database, queryTimeoutMs } = neo4jConfig;
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
  return { probe, probeDriver };
}

/**
 * Each request reads through its own view of the database (request.graphDb), which stops before the next
 * statement once nobody waits for the reply. A response is destroyed once its connection closed and
 * finished once it was written: destroyed but unfinished means the client hung up first.
 */
function addRequestViews(app: FastifyInstance): void {
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
}

export const neo4jPlugin = fp<{ neo4j: Config['neo4j']; probe: Config['neo4jHealth'] }>(
  async (app, { neo4j: neo4jConfig, probe: probeConfig }) => {
    const driver = createDriver(neo4jConfig);
    const health = new Neo4jHealth();
    logTransitions(health, app.log);
    const graphDb = admittedDatabase(driver, neo4jConfig, health);
    app.decorate('graphDb', graphDb);
    app.decorate('neo4jHealth', health);
    app.decorate('catalogue', new CatalogueCache(graphDb));
    app.decorate('graphVersion', new GraphVersionTracker(() => readGraphVersion(graphDb)));
    const { probe, probeDriver } = healthProbe(driver, neo4jConfig, probeConfig, health);

    addRequestViews(app);
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
