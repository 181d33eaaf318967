// The one classification of driver failures: what opens the breaker, what the seed retries, what a client reads.
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { classifyDriverError, driverErrorProblem } from '../../src/graph/driver-errors.js';

const driverError = (message: string, code: string) => new neo4j.Neo4jError(message, code, '', '');

describe('driver errors', () => {
  it.each([
    [driverError('Connection refused', neo4j.error.SERVICE_UNAVAILABLE), 'unavailable', 'NEO4J_UNAVAILABLE'],
    [driverError('socket hang up', 'N/A'), 'unavailable', 'NEO4J_UNAVAILABLE'],
    [
      driverError('The transaction has been terminated', 'Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration'),
      'query-timeout',
      'QUERY_TIMEOUT',
    ],
    [driverError('Connection acquisition timed out in 1000 ms', 'N/A'), 'pool-timeout', 'NEO4J_UNAVAILABLE'],
    [
      driverError('There is no such fulltext schema index: conceptNames', 'Neo.ClientError.Procedure.ProcedureCallFailed'),
      'index-missing',
      'NOT_READY',
    ],
    [driverError('Invalid input', 'Neo.ClientError.Statement.SyntaxError'), 'other', undefined],
    [new Error('not from the driver'), 'other', undefined],
  ])('sorts %s as %s (reply code %s)', (error, kind, code) => {
    expect(classifyDriverError(error)).toBe(kind);
    expect(driverErrorProblem(error)?.code).toBe(code);
  });

  it('calls a deadlock retryable, and answers it with no special problem', () => {
    const deadlock = driverError('deadlock', 'Neo.TransientError.Transaction.DeadlockDetected');
    expect(classifyDriverError(deadlock)).toBe('retryable');
    expect(driverErrorProblem(deadlock)).toBeUndefined();
  });
});
