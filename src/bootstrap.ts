// What every entry point that serves the API does first (the HTTP server, the MCP stdio server): read the
// configuration, get its Neo4j, build the app over it with the right logger, and hear a local Neo4j's
// restarts. A known failure (bad configuration, no Neo4j to be had) is one line on stderr and exit 1.
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { readableStream } from './log-format.js';
import { type Neo4jTarget, Neo4jTargetError, type Neo4jTargetSource, neo4jConfigFor, targetFromConfig } from './neo4j-target.js';

export interface Booted {
  config: Config;
  app: FastifyInstance;
  neo4j: Neo4jTarget;
}

export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

export interface BootstrapOptions {
  /** Where the Neo4j comes from; NEO4J_URI's by default (the dev launcher passes a local one). */
  neo4j?: Neo4jTargetSource | undefined;
  /** Where log lines go: stdout for the server, stderr where stdout carries a protocol (MCP over stdio). */
  logTo: NodeJS.WriteStream;
  /** Called when a local Neo4j cannot be brought back: the entry point shuts down and exits 1. */
  onNeo4jLost: (reason: string) => void;
}

export async function bootstrap(options: BootstrapOptions): Promise<Booted> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  let neo4j: Neo4jTarget;
  try {
    neo4j = await (options.neo4j ?? targetFromConfig(config))();
  } catch (error) {
    if (error instanceof Neo4jTargetError) fail(error.message);
    throw error;
  }
  // Readable lines for a person at a terminal, JSON lines for a collector (LOG_FORMAT).
  const readable = config.logFormat === 'pretty' || (config.logFormat === 'auto' && options.logTo.isTTY === true);
  const app = await buildApp(
    { ...config, neo4j: neo4jConfigFor(config, neo4j) },
    { logger: { level: config.logLevel, stream: readable ? readableStream(options.logTo) : options.logTo } },
  );
  // A local Neo4j that dies is restarted; readiness says why it is 503 meanwhile.
  neo4j.supervise({
    onTrouble: (cause) => {
      app.neo4jHealth.cause = cause;
    },
    onGiveUp: options.onNeo4jLost,
  });
  return { config, app, neo4j };
}

export { isEntryPoint } from './command.js';
