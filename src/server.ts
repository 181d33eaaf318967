// Entry point: loadConfig -> (local Neo4j when NEO4J_URI is unset) -> buildApp -> listen; graceful shutdown.
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { type Neo4jTarget, Neo4jTargetError, resolveNeo4j } from './local-neo4j.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  let neo4jTarget: Neo4jTarget;
  try {
    neo4jTarget = await resolveNeo4j(config, (line) => process.stdout.write(`${line}\n`));
  } catch (error) {
    if (error instanceof Neo4jTargetError) fail(error.message);
    throw error;
  }
  const local = !config.neo4j.uri;
  const app = await buildApp(local ? { ...config, neo4j: { ...config.neo4j, uri: neo4jTarget.uri, password: '' } } : config);

  closeWithGrace({ delay: 15_000, logger: false }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    await app.close();
    await neo4jTarget.stop();
  });

  try {
    await app.listen({ host: config.http.host, port: config.http.port });
  } catch (error) {
    await neo4jTarget.stop();
    fail(`Could not listen on ${config.http.host}:${config.http.port}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const base = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${config.http.port}`;
  app.log.info(`concept-graph is listening on ${base} — API docs at ${base}/docs, readiness at ${base}/health/ready`);
}

await main();
