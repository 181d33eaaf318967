// One driver per app instance: created at registration (no connection is opened until first use, so the
// API starts even when Neo4j is down), closed when the app closes. Every call through `app.graphDb` passes
// a guard: it fails at once while the Neo4j health state says the database is down, stops a request's
// remaining statements once its client has gone or its deadline has passed, and reports driver errors
// to the health state. A background probe on a small pool of its own keeps that state current.
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import neo4j, { type AuthToken, type Driver, type Config as DriverConfig, type ManagedTransaction, type Session } from 'neo4j-driver';
import type { Config } from '../config.js';
import { ServiceUnavailableError } from '../errors.js';
import { classifyDriverError, GraphDatabase } from '../graph/database.js';
import { Neo4jHealth, Neo4jProbe, probeTuning } from './neo4j-health.js';

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

/** Driver bounds: nothing waits seconds for a connection or for retries (the breaker handles outages). */
export const driverTuning = {
  connectionTimeout: 2_000,
  connectionAcquisitionTimeout: 1_000,
  // No retry loop: a retry waits about a second before its first attempt, which a client should not pay for;
  // a failed request gets a 503 with Retry-After and the breaker stops the next ones.
  maxTransactionRetryTime: 0,
  maxConnectionPoolSize: 50,
  /** The probe's own pool: two connections, so one hung probe cannot hide the next answer. */
  probePoolSize: 2,
} as const;

export function createDriver(neo4jConfig: Config['neo4j'], overrides: DriverConfig = {}): Driver {
  if (!neo4jConfig.uri) throw new Error('NEO4J_URI is required to create a driver');
  // The driver ships auth.none() but its typings omit it; the token it builds is exactly this.
  const noAuth: AuthToken = { scheme: 'none' } as AuthToken;
  const auth = neo4jConfig.password === '' ? noAuth : neo4j.auth.basic(neo4jConfig.username, neo4jConfig.password);
  return neo4j.driver(neo4jConfig.uri, auth, {
    userAgent: 'concept-graph/0.1',
    connectionTimeout: driverTuning.connectionTimeout,
    connectionAcquisitionTimeout: driverTuning.connectionAcquisitionTimeout,
    maxTransactionRetryTime: driverTuning.maxTransactionRetryTime,
    maxConnectionPoolSize: driverTuning.maxConnectionPoolSize,
    ...overrides,
  });
}

/** Wraps a driver so that every statement passes `admit` first and every failure reaches `report`. */
export function guardDriver(driver: Driver, admit: () => void, report: (error: unknown) => void): Driver {
  const observe = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      report(error);
      throw error;
    });
  const guardTx = (tx: ManagedTransaction): ManagedTransaction =>
    new Proxy(tx, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property === 'run') {
          return (...args: Parameters<ManagedTransaction['run']>) => {
            // "Abort before the next statement": a unit of several reads stops between them.
            admit();
            return target.run(...args);
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const guardSession = (session: Session): Session =>
    new Proxy(session, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        if (property === 'executeRead' || property === 'executeWrite') {
          const execute = property === 'executeRead' ? target.executeRead : target.executeWrite;
          return <T>(work: (tx: ManagedTransaction) => Promise<T> | T, config?: Parameters<Session['executeRead']>[1]) => {
            admit();
            return observe(execute.call(target, (tx: ManagedTransaction) => work(guardTx(tx)), config));
          };
        }
        if (property === 'run') {
          return (...args: Parameters<Session['run']>) => {
            admit();
            const result = target.run(...args);
            // A Result keeps one promise of its records, so this handler and the caller's await share it. It also
            // buffers them: fine for the awaited single reads that use session.run (streams run in a transaction).
            result.then(undefined, report);
            return result;
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return new Proxy(driver, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property === 'executeQuery') {
        return (...args: Parameters<Driver['executeQuery']>) => {
          admit();
          return observe(target.executeQuery(...args));
        };
      }
      if (property === 'session') {
        return (...args: Parameters<Driver['session']>) => guardSession(target.session(...args));
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
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
      new GraphDatabase(guardDriver(driver, admit, report), database, queryTimeoutMs, { poolSize: driverTuning.maxConnectionPoolSize }),
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
