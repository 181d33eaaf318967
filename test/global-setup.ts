// One real Neo4j per test run: NEO4J_URI when set; else a testcontainers Neo4j when a Docker engine
// answers; else the local JVM launcher (tools/neo4j-local) with a throw-away store on a free port.
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../src/config.js';

export interface TestNeo4j {
  uri: string;
  username: string;
  password: string;
  database: string;
  /** Where it came from, for the run's log. */
  origin: 'NEO4J_URI' | 'testcontainers' | 'neo4j-local';
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: TestNeo4j;
  }
}

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

let stop: (() => Promise<void>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  const config = loadConfig();
  const started = performance.now();
  let neo4j: TestNeo4j;

  if (config.neo4j.uri) {
    neo4j = {
      uri: config.neo4j.uri,
      username: config.neo4j.username,
      password: config.neo4j.password,
      database: config.neo4j.database,
      origin: 'NEO4J_URI',
    };
  } else if (await dockerAnswers()) {
    const { Neo4jContainer } = await import('@testcontainers/neo4j');
    const container = await new Neo4jContainer('neo4j:5.26-community').withPassword('test-password').start();
    stop = async () => {
      await container.stop();
    };
    neo4j = {
      uri: container.getBoltUri(),
      username: container.getUsername(),
      password: container.getPassword(),
      database: 'neo4j',
      origin: 'testcontainers',
    };
  } else {
    const { freePort, startLocalNeo4j } = await import('../tools/neo4j-local/neo4j-local.js');
    const instance = await startLocalNeo4j({
      port: await freePort(),
      ephemeral: true,
      onLog: (line) => process.stdout.write(`[neo4j-local] ${line}\n`),
    });
    stop = () => instance.stop();
    neo4j = { uri: instance.uri, username: 'neo4j', password: '', database: 'neo4j', origin: 'neo4j-local' };
  }
  process.stdout.write(`test Neo4j: ${neo4j.uri} from ${neo4j.origin} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  project.provide('neo4j', neo4j);
}

export async function teardown(): Promise<void> {
  await stop?.();
}
