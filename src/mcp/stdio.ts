// `npm run mcp`: the MCP server over stdio for desktop assistants. It builds the same app as `npm start`
// (same config, local Neo4j when NEO4J_URI is unset, seeding on start) without listening on a port, and
// answers tools through that app. stdout carries the protocol only: every log line goes to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { buildApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { Neo4jTargetError, resolveNeo4j } from '../local-neo4j.js';
import { injectCaller } from './rest.js';
import { createMcpServer } from './server.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  let neo4jTarget: Awaited<ReturnType<typeof resolveNeo4j>>;
  try {
    neo4jTarget = await resolveNeo4j(config, (line) => process.stderr.write(`${line}\n`));
  } catch (error) {
    if (error instanceof Neo4jTargetError) fail(error.message);
    throw error;
  }
  const local = !config.neo4j.uri;
  const app = await buildApp(local ? { ...config, neo4j: { ...config.neo4j, uri: neo4jTarget.uri, password: '' } } : config, {
    logger: { level: config.logLevel, stream: process.stderr },
  });
  await app.ready();

  const server = createMcpServer(injectCaller(app));
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await server.close();
      await app.close();
      await neo4jTarget.stop();
    })();
    return closing;
  };
  // The client ends the session by closing our stdin (or with a signal).
  process.stdin.on('end', () => void close().then(() => process.exit(0)));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void close().then(() => process.exit(0)));

  await server.connect(new StdioServerTransport());
  app.log.info('concept-graph MCP server is ready on stdio');
}

await main();
