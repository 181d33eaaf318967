// `npm run neo4j`: the local Neo4j in the foreground, with the port and home from the environment (src/config.ts).
import { ConfigError, loadConfig } from '../../src/config.js';
import { leaseFiles, stopLeftRunning } from './lease.js';
import { ensureLauncherBuilt, type LocalNeo4j, LocalNeo4jUnavailableError, launcherBuild, startLocalNeo4j } from './neo4j-local.js';

const USAGE =
  'usage: npm run neo4j [-- --ephemeral | --install | --stop]   (port: NEO4J_LOCAL_PORT, store: NEO4J_LOCAL_HOME; --install only fetches the jars and builds the launcher; --stop stops the one `npm start` left running)';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknown = args.filter((arg) => !['--ephemeral', '--install', '--stop'].includes(arg));
  if (unknown.length > 0) {
    console.error(`neo4j-local: unknown argument ${unknown.join(' ')}\n${USAGE}`);
    return 2;
  }

  if (args.includes('--install')) {
    await ensureLauncherBuilt((line) => console.error(line));
    console.log(`neo4j-local: launcher ready (${(await launcherBuild()).dir})`);
    return 0;
  }

  const config = loadConfig();
  if (args.includes('--stop')) {
    const outcome = await stopLeftRunning(leaseFiles(config.localNeo4j.home));
    console.log(outcome === 'stopped' ? 'neo4j-local: stopped' : `neo4j-local: none left running for ${config.localNeo4j.home}`);
    return 0;
  }
  let neo4j: LocalNeo4j | undefined;
  let stopRequested = false;
  const stop = (): void => {
    stopRequested = true;
    // Before the ready line there is nothing to stop: leaving closes the JVM's stdin, and it shuts itself down.
    if (!neo4j) process.exit(0);
    void neo4j.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  neo4j = await startLocalNeo4j({
    port: config.localNeo4j.port,
    home: config.localNeo4j.home,
    ephemeral: args.includes('--ephemeral'),
    // Progress and Neo4j's own complaints go to stderr; stdout carries only the ready line.
    onLog: (line) => console.error(line),
  });
  console.log(neo4j.readyLine);

  const { code, signal } = await neo4j.exited;
  if (stopRequested) return 0;
  console.error(`neo4j-local: Neo4j stopped on its own (${signal ?? `exit code ${code}`})`);
  return 1;
}

main().then(
  (status) => process.exit(status),
  (error: unknown) => {
    // Known failures are one line for a person to act on; only bugs deserve a stack trace.
    if (error instanceof LocalNeo4jUnavailableError || error instanceof ConfigError) {
      console.error(error instanceof ConfigError ? error.message : `neo4j-local: ${error.message}`);
    } else {
      console.error(error);
    }
    process.exit(1);
  },
);
