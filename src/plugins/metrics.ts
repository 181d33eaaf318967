// Prometheus metrics at /metrics: requests per route and status, Neo4j statements per name, connections in
// use, reply-cache hits, and the process (event-loop lag, memory, GC). Request, statement, pool and cache
// series belong to the app instance; process series are collected once per process, since there is one
// event loop however many apps run in it.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ReplyCacheStats } from '../http/reply-cache-store.js';
import { refusedChannel } from './error-handler.js';

/** Histogram buckets in seconds: the API answers in milliseconds, Neo4j statements a little faster. */
export const metricBuckets = {
  http: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  statement: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
} as const;

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

let processRegistry: Registry | undefined;

/** prom-client's CPU counters count from their own creation; these report the process's CPU since it started. */
const cpuSeries = [
  {
    name: 'process_cpu_user_seconds_total',
    help: 'User CPU time spent by the process, in seconds',
    read: (usage: NodeJS.CpuUsage) => usage.user,
  },
  {
    name: 'process_cpu_system_seconds_total',
    help: 'System CPU time spent by the process, in seconds',
    read: (usage: NodeJS.CpuUsage) => usage.system,
  },
  {
    name: 'process_cpu_seconds_total',
    help: 'User and system CPU time spent by the process, in seconds',
    read: (usage: NodeJS.CpuUsage) => usage.user + usage.system,
  },
];

function processMetrics(): Registry {
  if (!processRegistry) {
    const registry = new Registry();
    processRegistry = registry;
    // Includes nodejs_eventloop_lag_seconds and its percentiles, heap, GC and handle counts.
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
    for (const series of cpuSeries) {
      registry.removeSingleMetric(series.name);
      new Counter({
        name: series.name,
        help: series.help,
        registers: [registry],
        collect() {
          this.reset();
          this.inc(series.read(process.cpuUsage()) / 1e6);
        },
      });
    }
  }
  return processRegistry;
}

/** A bounded label for a failed statement: the Neo4j status code, or the error's name. */
export function errorLabel(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Za-z.]{1,100}$/.test(code)) return code;
  return error instanceof Error ? error.name.slice(0, 60) : 'unknown';
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}

const labelNames = ['method', 'route', 'status'] as const;

/** Requests by method, route pattern and status: counted, and timed, as each reply is done. */
function requestSeries(registry: Registry) {
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to sending its reply, by method, route pattern and status',
    labelNames,
    buckets: [...metricBuckets.http],
    registers: [registry],
  });
  return { requests, durations };
}

/** Each Neo4j statement's wall time and failures, by statement name; returns how to stop observing. */
function statementSeries(app: FastifyInstance, registry: Registry): () => void {
  const statementDurations = new Histogram({
    name: 'neo4j_statement_duration_seconds',
    help: 'Wall time of each Neo4j statement, by statement name and outcome (ok or error)',
    labelNames: ['statement', 'outcome'] as const,
    buckets: [...metricBuckets.statement],
    registers: [registry],
  });
  const statementErrors = new Counter({
    name: 'neo4j_statement_errors_total',
    help: 'Neo4j statements that failed, by statement name and Neo4j error code',
    labelNames: ['statement', 'code'] as const,
    registers: [registry],
  });
  return app.graphDb.observe((name, durationMs, error) => {
    statementDurations.observe({ statement: name, outcome: error === undefined ? 'ok' : 'error' }, durationMs / 1000);
    if (error !== undefined) statementErrors.inc({ statement: name, code: errorLabel(error) });
  });
}

/** Pool and cache figures, read when Prometheus scrapes, from the objects that own them. */
function scrapedSeries(app: FastifyInstance, registry: Registry): void {
  new Gauge({
    name: 'neo4j_pool_connections_in_use',
    help: 'Transactions running now, each holding a pooled Neo4j connection (the driver publishes no pool statistics)',
    registers: [registry],
    collect() {
      this.set(app.graphDb.connectionsInUse);
    },
  });
  new Gauge({
    name: 'neo4j_pool_max_connections',
    help: 'Size of the Neo4j connection pool; past it, a request waits for a connection and then fails 503',
    registers: [registry],
  }).set(app.graphDb.poolSize ?? 0);
  const cacheCounter = (name: string, help: string, read: (stats: ReplyCacheStats) => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const stats = app.hasDecorator('replyCache') ? app.replyCache.stats() : undefined;
        this.reset();
        if (stats) this.inc(read(stats));
      },
    });
  const cacheGauge = (name: string, help: string, read: (stats: ReplyCacheStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(app.hasDecorator('replyCache') ? read(app.replyCache.stats()) : 0);
      },
    });
  cacheCounter('reply_cache_hits_total', 'GET replies served from the reply cache', (stats) => stats.hits);
  cacheCounter(
    'reply_cache_misses_total',
    'Cacheable GET requests not in the reply cache (answered by the route)',
    (stats) => stats.misses,
  );
  cacheCounter(
    'reply_cache_not_modified_total',
    'If-None-Match revalidations answered 304 without any query',
    (stats) => stats.notModified,
  );
  cacheGauge('reply_cache_entries', 'Replies held in the reply cache', (stats) => stats.entries);
  cacheGauge('reply_cache_bytes', 'Bytes the reply cache holds', (stats) => stats.bytes);
  cacheGauge('reply_cache_max_bytes', 'Byte budget of the reply cache', (stats) => stats.maxBytes);
}

/**
 * Requests refused below Fastify (HTTP parser errors, CONNECT, a bad Expect) never reach onResponse: they are
 * counted from the refusals channel. Returns how to stop listening.
 */
function refusalSeries(registry: Registry): () => void {
  const refused = new Counter({
    name: 'http_requests_refused_total',
    help: 'Requests refused before routing (malformed HTTP, too large headers, timeouts, CONNECT), by status and problem code',
    labelNames: ['status', 'code'] as const,
    registers: [registry],
  });
  const onRefused = (message: unknown) => {
    const { status, code } = message as { status: number; code: string };
    refused.inc({ status: String(status), code });
  };
  refusedChannel.subscribe(onRefused);
  return () => refusedChannel.unsubscribe(onRefused);
}

export const metricsPlugin = fp(
  async (app) => {
    // Created with the app, not at the first scrape: the event-loop monitor and GC counts start now.
    processMetrics();
    const registry = new Registry();
    const { requests, durations } = requestSeries(registry);
    const stopObserving = statementSeries(app, registry);
    scrapedSeries(app, registry);

    app.addHook('onResponse', async (request, reply) => {
      // The route pattern, not the URL: ids in paths would make one series per concept.
      const labels = {
        method: knownMethods.has(request.method) ? request.method : 'OTHER',
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      };
      requests.inc(labels);
      durations.observe(labels, reply.elapsedTime / 1000);
    });

    const stopCountingRefusals = refusalSeries(registry);
    app.addHook('onClose', async () => {
      stopCountingRefusals();
      stopObserving();
    });

    app.decorate('metrics', registry);

    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
      const text = `${await processMetrics().metrics()}\n${await registry.metrics()}`;
      return reply.type(registry.contentType).header('cache-control', 'no-store').send(text);
    });
  },
  { name: 'metrics', dependencies: ['neo4j'] },
);
