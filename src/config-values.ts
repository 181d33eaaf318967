// The Config every part of the app receives, grouped by concern, and how it follows from the parsed
// environment (config.ts reads and checks that): lists split, host names lower-cased, PUBLIC_URL's host allowed
// on /mcp, the headers timeout kept within the request timeout.
import type { Env } from './config.js';

export interface Config {
  neo4j: {
    /** Undefined when the caller is expected to start a local Neo4j. */
    uri: string | undefined;
    username: string;
    password: string;
    database: string;
    queryTimeoutMs: number;
  };
  localNeo4j: { port: number; home: string; idleMinutes: number };
  seed: { onStart: Env['SEED_ON_START']; dir: string; warmUp: boolean };
  http: {
    host: string;
    port: number;
    corsOrigins: '*' | string[];
    /** Host names (lower case, no port) /mcp answers to, or '*'. */
    mcpAllowedHosts: '*' | string[];
    /** Origins (scheme://host[:port]) allowed on /mcp besides loopback ones; CORS for /mcp is open to these only. */
    mcpAllowedOrigins: string[];
    trustProxy: boolean | number | string[];
    docsEnabled: boolean;
    /** Each reply is checked against its zod schema before it is written (http/reply-serializer.ts). */
    replyChecks: boolean;
    publicUrl?: string | undefined;
  };
  limits: {
    /** Redis for the rate-limit counters shared by replicas; undefined keeps them in memory. */
    redisUrl: string | undefined;
    rateLimitWindowMs: number;
    lookupMax: number;
    heavyMax: number;
    maxInFlight: number;
    maxInFlightHeavy: number;
    maxEventLoopDelayMs: number;
    maxConnections: number;
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    keepAliveTimeoutMs: number;
    handlerTimeoutMs: number;
    shutdownGraceMs: number;
  };
  neo4jHealth: { probeIntervalMs: number; probeTimeoutMs: number };
  cursor: { secret: string | undefined; previousSecret: string | undefined };
  auth: { reads: Env['AUTH_READS'] };
  logLevel: Env['LOG_LEVEL'];
  logFormat: Env['LOG_FORMAT'];
}

/** Fastify's trustProxy from TRUST_PROXY: off, on, a hop count, or the proxies' addresses. */
function parseTrustProxy(value: string): boolean | number | string[] {
  if (value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((entry) => entry.trim());
}

/** A comma-separated list: items trimmed, empty ones dropped. */
function commaList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** The Config of a parsed environment. */
export function toConfig(e: Env): Config {
  return {
    neo4j: {
      uri: e.NEO4J_URI,
      username: e.NEO4J_USERNAME,
      password: e.NEO4J_PASSWORD,
      database: e.NEO4J_DATABASE,
      queryTimeoutMs: e.NEO4J_QUERY_TIMEOUT_MS,
    },
    localNeo4j: { port: e.NEO4J_LOCAL_PORT, home: e.NEO4J_LOCAL_HOME, idleMinutes: e.NEO4J_LOCAL_IDLE_MINUTES },
    seed: { onStart: e.SEED_ON_START, dir: e.SEED_DIR, warmUp: e.WARM_UP_ON_START },
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl: e.PUBLIC_URL,
      corsOrigins: e.CORS_ORIGINS === '*' ? '*' : e.CORS_ORIGINS.split(',').map((origin) => origin.trim()),
      mcpAllowedHosts:
        e.MCP_ALLOWED_HOSTS.trim() === '*'
          ? '*'
          : [...commaList(e.MCP_ALLOWED_HOSTS), ...(e.PUBLIC_URL ? [new URL(e.PUBLIC_URL).hostname] : [])].map((host) =>
              host.toLowerCase(),
            ),
      mcpAllowedOrigins: commaList(e.MCP_ALLOWED_ORIGINS),
      trustProxy: parseTrustProxy(e.TRUST_PROXY),
      docsEnabled: e.DOCS_ENABLED,
      replyChecks: e.REPLY_CHECKS,
    },
    cursor: { secret: e.CURSOR_SECRET, previousSecret: e.CURSOR_SECRET_PREVIOUS },
    auth: { reads: e.AUTH_READS },
    limits: {
      redisUrl: e.REDIS_URL,
      rateLimitWindowMs: e.RATE_LIMIT_WINDOW_MS,
      lookupMax: e.RATE_LIMIT_LOOKUP_MAX,
      heavyMax: e.RATE_LIMIT_HEAVY_MAX,
      maxInFlight: e.HTTP_MAX_IN_FLIGHT,
      maxInFlightHeavy: e.HTTP_MAX_IN_FLIGHT_HEAVY,
      maxEventLoopDelayMs: e.HTTP_MAX_EVENT_LOOP_DELAY_MS,
      maxConnections: e.HTTP_MAX_CONNECTIONS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: Math.min(e.HTTP_HEADERS_TIMEOUT_MS, e.HTTP_REQUEST_TIMEOUT_MS),
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      handlerTimeoutMs: e.HTTP_HANDLER_TIMEOUT_MS,
      shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    },
    neo4jHealth: { probeIntervalMs: e.NEO4J_PROBE_INTERVAL_MS, probeTimeoutMs: e.NEO4J_PROBE_TIMEOUT_MS },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
  };
}
