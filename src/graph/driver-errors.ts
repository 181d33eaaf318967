// What a failed Neo4j driver call means, sorted once: the circuit breaker, the seed's retries and the error
// replies all read this one classification (the driver's error codes and messages are matched only here).
import neo4j from 'neo4j-driver';

/**
 * - `unavailable`: Neo4j cannot be reached (refused, closed, database gone): opens the breaker.
 * - `query-timeout`: the statement ran past its transaction timeout.
 * - `pool-timeout`: no pooled connection came free in time.
 * - `index-missing`: the full-text index is still being built by the seed.
 * - `retryable`: a transient error the driver would retry (deadlock, leader switch).
 * - `other`: anything else, including values that are no driver error at all.
 */
export type DriverErrorKind = 'unavailable' | 'query-timeout' | 'pool-timeout' | 'index-missing' | 'retryable' | 'other';

const unavailableCodes = new Set([
  neo4j.error.SERVICE_UNAVAILABLE,
  neo4j.error.SESSION_EXPIRED,
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Database.DatabaseNotFound',
]);

export function classifyDriverError(error: unknown): DriverErrorKind {
  if (!(error instanceof neo4j.Neo4jError)) return 'other';
  if (error.code.includes('TransactionTimedOut')) return 'query-timeout';
  if (/acquisition timed out/i.test(error.message)) return 'pool-timeout';
  if (/no such fulltext schema index/i.test(error.message)) return 'index-missing';
  if (unavailableCodes.has(error.code) || /connect|socket|closed/i.test(error.message)) return 'unavailable';
  return neo4j.isRetryableError(error) ? 'retryable' : 'other';
}

/** The problem a client gets for a driver failure, or undefined when it is not one the API explains. */
export function driverErrorProblem(
  error: unknown,
): { code: 'QUERY_TIMEOUT' | 'NOT_READY' | 'NEO4J_UNAVAILABLE'; detail: string; log: 'warn' | 'error' } | undefined {
  switch (classifyDriverError(error)) {
    case 'query-timeout':
      return { code: 'QUERY_TIMEOUT', detail: 'The graph query did not finish in time; try a narrower request.', log: 'error' };
    case 'index-missing':
      // The seed creates its indexes while the API already serves: until they exist the service is not ready.
      return { code: 'NOT_READY', detail: 'The search index is still being built; try again shortly.', log: 'warn' };
    case 'unavailable':
    case 'pool-timeout':
      return { code: 'NEO4J_UNAVAILABLE', detail: 'The graph database is not reachable right now; try again shortly.', log: 'error' };
    default:
      return undefined;
  }
}
