// The one way to make a Neo4j driver: the API's plugin, the seed command and the benches share its bounds.
import neo4j, { type AuthToken, type Driver, type Config as DriverConfig } from 'neo4j-driver';
import type { Config } from '../config.js';

/** Driver bounds: nothing waits seconds for a connection or for retries (the breaker handles outages). */
export const driverTuning = {
  connectionTimeout: 2_000,
  connectionAcquisitionTimeout: 1_000,
  // No retry loop: a retry waits about a second before its first attempt, which a client should not pay for;
  // a failed request gets a 503 with Retry-After and the breaker stops the next ones.
  maxTransactionRetryTime: 0,
  maxConnectionPoolSize: 50,
  /** The probe's own pool: two connections, so one hung probe cannot hide the next answer. */
  probePoolSize: 2,
} as const;

export function createDriver(neo4jConfig: Config['neo4j'], overrides: DriverConfig = {}): Driver {
  if (!neo4jConfig.uri) throw new Error('NEO4J_URI is required to create a driver');
  // The driver ships auth.none() but its typings omit it; the token it builds is exactly this.
  const noAuth: AuthToken = { scheme: 'none' } as AuthToken;
  const auth = neo4jConfig.password === '' ? noAuth : neo4j.auth.basic(neo4jConfig.username, neo4jConfig.password);
  return neo4j.driver(neo4jConfig.uri, auth, {
    userAgent: 'concept-graph/0.1',
    connectionTimeout: driverTuning.connectionTimeout,
    connectionAcquisitionTimeout: driverTuning.connectionAcquisitionTimeout,
    maxTransactionRetryTime: driverTuning.maxTransactionRetryTime,
    maxConnectionPoolSize: driverTuning.maxConnectionPoolSize,
    ...overrides,
  });
}
