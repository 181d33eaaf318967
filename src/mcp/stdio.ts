// `npm run mcp`: the MCP server over stdio for desktop assistants. It builds the same app as `npm start`
// (same config; through the dev launcher, a local Neo4j when NEO4J_URI is unset; seeding on start) without
// listening on a port, and answers tools through that app. stdout carries the protocol only: every log line
// goes to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { bootstrap, isEntryPoint } from '../bootstrap.js';
import type { Neo4jTargetSource } from '../neo4j-target.js';
import { graphAccess } from './graph-access.js';
import { createMcpServer } from './server.js';

export async function main(options: { neo4j?: Neo4jTargetSource } = {}): Promise<void> {
  let close: () => Promise<void> = async () => {};
  const { app, neo4j } = await bootstrap({
    neo4j: options.neo4j,
    logTo: process.stderr,
    onNeo4jLost: (reason) => {
      process.stderr.write(`${reason}; exiting\n`);
      void close().then(() => process.exit(1));
    },
  });
  await app.ready();

  const server = createMcpServer(graphAccess(app));
  let closing: Promise<void> | undefined;
  close = () => {
    closing ??= (async () => {
      await server.close();
      await app.close();
      await neo4j.stop();
    })();
    return closing;
  };
  // The client ends the session by closing our stdin (or with a signal).
  process.stdin.on('end', () => void close().then(() => process.exit(0)));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void close().then(() => process.exit(0)));

  await server.connect(new StdioServerTransport());
  app.log.info('concept-graph MCP server is ready on stdio');
}

if (isEntryPoint(import.meta.url)) await main();
