// The only reader of process.env: every setting is declared once here, parsed once, and passed down as the
// Config that config-values.ts shapes from it.
import { z } from 'zod';
import { type Config, toConfig } from './config-values.js';

export type { Config } from './config-values.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const neo4jUri = z
  .string()
  .trim()
  .refine((value) => /^(neo4j|neo4j\+s|neo4j\+ssc|bolt|bolt\+s|bolt\+ssc):\/\/[^\s/]+/.test(value), {
    message: 'must be a Neo4j URI such as bolt://localhost:7687, neo4j://host:7687 or neo4j+s://xxxx.databases.neo4j.io',
  });

const port = z.coerce.number().int().min(0).max(65535);

const cursorSecret = z.string().min(32, 'must be at least 32 characters, e.g. the output of `openssl rand -base64 32`');

/** Environment variables; docs/operations.md's configuration table is generated from these descriptions. */
export const envSchema = z.object({
  NEO4J_URI: neo4jUri
    .optional()
    .describe('Bolt or neo4j URI of the database. Unset: `npm start` starts a local Neo4j (tools/neo4j-local).'),
  NEO4J_USERNAME: z.string().min(1).default('neo4j').describe('Neo4j user name.'),
  NEO4J_PASSWORD: z.string().default('').describe('Neo4j password; empty means no authentication (the local Neo4j has none).'),
  NEO4J_DATABASE: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9.-]{0,62}$/, 'must be a Neo4j database name (letters, digits, dots, dashes)')
    .default('neo4j')
    .describe('Database to use; every query names it.'),
  NEO4J_QUERY_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(600_000)
    .default(5_000)
    .describe('Server-side timeout of each read query, in milliseconds.'),
  NEO4J_LOCAL_PORT: port.default(7687).describe('Bolt port of the local Neo4j started when NEO4J_URI is unset.'),
  NEO4J_LOCAL_HOME: z
    .string()
    .min(1)
    .default('.neo4j-local')
    .describe('Folder that keeps the local Neo4j store between runs (git-ignored).'),
  NEO4J_LOCAL_IDLE_MINUTES: z.coerce
    .number()
    .min(0)
    .max(24 * 60)
    .default(15)
    .describe(
      'How long the local Neo4j that `npm start` started stays up after the API stops, so a restart finds it warm (it stops itself once unused that long; `npm run neo4j:stop` stops it now). 0 stops it with the API.',
    ),
  SEED_ON_START: z
    .enum(['if-empty', 'always', 'never'])
    .default('if-empty')
    .describe('Load graph-seed/ at start: when the graph holds no seeded concept, on every start, or never.'),
  SEED_DIR: z.string().min(1).default('graph-seed').describe('Folder of the seed files.'),
  WARM_UP_ON_START: z
    .stringbool()
    .default(true)
    .describe('Before readiness says 200, send every statement shape once so the first requests are as fast as later ones (true/false).'),
  AUTH_READS: z
    .enum(['public', 'required'])
    .default('public')
    .describe(
      'Whether reads need an API key (`required`) or are open to anyone (`public`). Writes always need a key with the write scope.',
    ),
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\/\S+$/, 'must be a Redis URL such as redis://127.0.0.1:6379')
    .optional()
    .describe('Redis that keeps the rate-limit counters, so every replica shares them. Unset: each process counts on its own.'),
  CORS_ORIGINS: z
    .string()
    .min(1)
    .default('*')
    .describe('Origins browsers may call the API from: * for any, or a comma-separated list such as https://app.example'),
  MCP_ALLOWED_HOSTS: z
    .string()
    .min(1)
    .default('localhost,127.0.0.1,[::1]')
    .describe(
      'Host names /mcp answers to (comma-separated, any port; the host of PUBLIC_URL is added), or * for any: a guard against DNS rebinding.',
    ),
  MCP_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .describe(
      'Browser origins allowed to call /mcp besides loopback ones (comma-separated, e.g. https://assistant.example); CORS for /mcp opens only to these.',
    ),
  HOST: z.string().min(1).default('127.0.0.1').describe('Interface the API listens on (0.0.0.0 in containers).'),
  PORT: port.default(3000).describe('Port the API listens on.'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Base URL clients reach the API at (behind a proxy); the OpenAPI document names it in `servers`.'),
  LOG_LEVEL: z.enum(logLevels).default('info').describe('Pino log level.'),
  LOG_FORMAT: z
    .enum(['auto', 'json', 'pretty'])
    .default('auto')
    .describe('Log lines as JSON (for collectors) or readable (for a person); auto: readable when stdout is a terminal.'),
  DOCS_ENABLED: z.stringbool().default(true).describe('Serve the Swagger UI at /docs (true/false); /openapi.json is served either way.'),
  REPLY_CHECKS: z
    .stringbool()
    .default(false)
    .describe('Check every reply against its documented schema before sending it (true/false); the test suites turn it on.'),
  CURSOR_SECRET: cursorSecret
    .optional()
    .describe('Key that signs pagination cursors (32+ characters). Unset: a random key per process, with a warning.'),
  CURSOR_SECRET_PREVIOUS: cursorSecret
    .optional()
    .describe('The key before a rotation: cursors it signed are still accepted. Unset it once they have expired.'),
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(
      /^(false|true|\d{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
      'must be false, true, a hop count, or comma-separated addresses/CIDRs',
    )
    .default('false')
    .describe(
      "Whether X-Forwarded-For names the client (for rate limits and logs): false (default: the socket address counts), true (any proxy), a hop count, or the proxies' addresses/CIDRs.",
    ),
  RATE_LIMIT_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(3_600_000)
    .default(60_000)
    .describe('Length of the rate-limit window, in milliseconds.'),
  RATE_LIMIT_LOOKUP_MAX: z.coerce
    .number()
    .int()
    .min(0)
    .default(600)
    .describe('Requests per client and window to lookup routes (concepts, relations, catalogue, learning, docs); 0 turns the limit off.'),
  RATE_LIMIT_HEAVY_MAX: z.coerce
    .number()
    .int()
    .min(0)
    .default(120)
    .describe('Requests per client and window to the costly routes (retrieve, search, paths, neighborhood, graph); 0 turns the limit off.'),
  HTTP_MAX_IN_FLIGHT: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(64)
    .describe('Data requests handled at once; beyond it a request is refused at once with 503 OVERLOADED.'),
  HTTP_MAX_IN_FLIGHT_HEAVY: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(8)
    .describe(
      'Of those, requests to the CPU-heavy routes (retrieve, search, paths, neighborhood) handled at once; beyond it 503 OVERLOADED at once, so liveness and lookups never queue behind them.',
    ),
  HTTP_MAX_EVENT_LOOP_DELAY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(200)
    .describe('Mean event-loop delay above which requests are shed with 503 OVERLOADED (health routes excepted); 0 turns it off.'),
  HTTP_MAX_CONNECTIONS: z.coerce
    .number()
    .int()
    .min(1)
    .default(1_024)
    .describe('Open TCP connections accepted at once; further ones are closed at once.'),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .default(10_000)
    .describe('Time a client has to send a whole request (headers and body); slower senders are cut off with 408.'),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(500).default(5_000).describe('Time a client has to send the request headers.'),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5_000)
    .describe('How long an idle keep-alive connection stays open.'),
  HTTP_HANDLER_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(500)
    .default(8_000)
    .describe('Deadline for answering a request once received; past it the reply is 503 QUERY_TIMEOUT and remaining work stops.'),
  SHUTDOWN_GRACE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(60_000)
    .default(8_000)
    .describe(
      "On SIGTERM/SIGINT, how long in-flight requests may take before the process exits anyway; keep it below the orchestrator's stop period (Compose: 10 s).",
    ),
  NEO4J_PROBE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(60_000)
    .default(1_000)
    .describe('How often the background probe checks that Neo4j answers.'),
  NEO4J_PROBE_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(30_000)
    .default(1_000)
    .describe('How long the probe waits for Neo4j before counting it as down.'),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming every bad variable. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const given = present[name];
        return `${name}: ${issue.message}${given === undefined ? '' : ` (got ${JSON.stringify(given)})`}`;
      }),
    );
  }
  return toConfig(parsed.data);
}

/** Test and tool helper: a full Config from defaults plus overrides, without reading process.env. */
export function configWith(overrides: { [K in keyof Config]?: Partial<Config[K]> } & { logLevel?: Config['logLevel'] } = {}): Config {
  const base = loadConfig({});
  return {
    neo4j: { ...base.neo4j, ...overrides.neo4j },
    localNeo4j: { ...base.localNeo4j, ...overrides.localNeo4j },
    seed: { ...base.seed, ...overrides.seed },
    http: { ...base.http, ...overrides.http },
    cursor: { ...base.cursor, ...overrides.cursor },
    auth: { ...base.auth, ...overrides.auth },
    limits: { ...base.limits, ...overrides.limits },
    neo4jHealth: { ...base.neo4jHealth, ...overrides.neo4jHealth },
    logLevel: overrides.logLevel ?? base.logLevel,
    logFormat: base.logFormat,
  };
}
