// Where the Neo4j for `npm start` and `npm run seed` comes from when NEO4J_URI is unset: a local Neo4j
// already listening on NEO4J_LOCAL_PORT is reused; otherwise the JVM launcher in tools/neo4j-local starts one.
import net from 'node:net';
import type { Config } from './config.js';

export interface Neo4jTarget {
  uri: string;
  /** True when this process started the local Neo4j and so must stop it. */
  started: boolean;
  stop(): Promise<void>;
}

export class Neo4jTargetError extends Error {}

function portAnswers(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export async function resolveNeo4j(config: Config, log: (line: string) => void): Promise<Neo4jTarget> {
  if (config.neo4j.uri) return { uri: config.neo4j.uri, started: false, stop: async () => {} };

  const { port, home } = config.localNeo4j;
  const uri = `bolt://127.0.0.1:${port}`;
  if (await portAnswers(port)) {
    log(`NEO4J_URI is unset: using the local Neo4j already listening at ${uri}`);
    return { uri, started: false, stop: async () => {} };
  }
  // Loaded only here: deployments that set NEO4J_URI never touch the JVM launcher.
  const local = await import('../tools/neo4j-local/neo4j-local.js');
  log(`NEO4J_URI is unset: starting a local Neo4j at ${uri} (store: ${home}); the first start downloads its jars with Maven`);
  try {
    const instance = await local.startLocalNeo4j({ port, home, onLog: (line) => log(`[neo4j-local] ${line}`) });
    return { uri: instance.uri, started: true, stop: () => instance.stop() };
  } catch (error) {
    if (error instanceof local.LocalNeo4jUnavailableError) throw new Neo4jTargetError(error.message);
    throw error;
  }
}
