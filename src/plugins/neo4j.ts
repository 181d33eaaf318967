// One driver per app instance: created at registration (no connection is opened until first use, so the
// API starts even when Neo4j is down), closed when the app closes.
import fp from 'fastify-plugin';
import neo4j, { type AuthToken } from 'neo4j-driver';
import type { Config } from '../config.js';
import { GraphDatabase } from '../graph/database.js';

declare module 'fastify' {
  interface FastifyInstance {
    graphDb: GraphDatabase;
  }
}

export function createDriver(neo4jConfig: Config['neo4j']) {
  if (!neo4jConfig.uri) throw new Error('NEO4J_URI is required to create a driver');
  // The driver ships auth.none() but its typings omit it; the token it builds is exactly this.
  const noAuth: AuthToken = { scheme: 'none' } as AuthToken;
  const auth = neo4jConfig.password === '' ? noAuth : neo4j.auth.basic(neo4jConfig.username, neo4jConfig.password);
  return neo4j.driver(neo4jConfig.uri, auth, {
    userAgent: 'concept-graph/0.1',
    // Fail fast when the database is unreachable: readiness must answer quickly, not after 30 s.
    connectionTimeout: 3_000,
    connectionAcquisitionTimeout: 5_000,
    // Transient failures are retried, but a request must not hang for the default 30 s when Neo4j is down.
    maxTransactionRetryTime: 5_000,
    maxConnectionPoolSize: 50,
  });
}

export const neo4jPlugin = fp<{ neo4j: Config['neo4j'] }>(
  async (app, { neo4j: neo4jConfig }) => {
    const driver = createDriver(neo4jConfig);
    app.decorate('graphDb', new GraphDatabase(driver, neo4jConfig.database, neo4jConfig.queryTimeoutMs));
    app.addHook('onClose', async () => {
      await driver.close();
    });
  },
  { name: 'neo4j' },
);
