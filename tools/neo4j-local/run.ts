// The dev launcher: `node --import tsx tools/neo4j-local/run.ts <entry> [args…]` runs an entry point (the
// server, the MCP stdio server, the seed command) with a Neo4j: NEO4J_URI's when set, else a local one it
// starts on first need (or finds listening) and keeps running. `npm start`, `npm run mcp` and `npm run seed`
// go through here; a deployment runs the entry itself with NEO4J_URI. One process: signals reach the entry.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from '../../src/config.js';
import { type Neo4jTarget, type Neo4jTargetSource, targetFromConfig } from '../../src/neo4j-target.js';
import { localNeo4j } from './supervise.js';

interface Entry {
  main(options: { neo4j?: Neo4jTargetSource }): Promise<unknown>;
}

const entryArgument = process.argv[2];
if (!entryArgument) {
  process.stderr.write('usage: node --import tsx tools/neo4j-local/run.ts <entry.ts> [arguments…]\n');
  process.exit(2);
}
// The entry reads its own arguments from process.argv.slice(2), as if it had been started itself.
process.argv.splice(2, 1);

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

// The MCP server speaks on stdout, so launcher lines go to stderr there.
const toStderr = path.basename(entryArgument).includes('stdio');
const log = (line: string) => (toStderr ? process.stderr : process.stdout).write(`${line}\n`);
let started: Promise<Neo4jTarget> | undefined;
const neo4j: Neo4jTargetSource = config.neo4j.uri ? targetFromConfig(config) : () => (started ??= localNeo4j(config, log));

const entry = (await import(pathToFileURL(path.resolve(entryArgument)).href)) as Entry;
await entry.main({ neo4j });
