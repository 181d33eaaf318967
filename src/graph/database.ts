// Thin access layer over the driver: one place that names the database, sets timeouts and turns
// driver values (Integer, temporal types) into plain JSON values.
import neo4j, {
  type Driver,
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isLocalTime,
  isTime,
  type ManagedTransaction,
  type QueryResult,
} from 'neo4j-driver';

export type Params = Record<string, unknown>;
export type Row = Record<string, unknown>;

/** Converts driver values to JSON-friendly ones: Integer -> number, temporal -> ISO string. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (typeof value === 'bigint') return Number(value);
  if (isDate(value) || isDateTime(value) || isLocalDateTime(value) || isLocalTime(value) || isTime(value) || isDuration(value)) {
    return value.toString();
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toPlain(v)]));
  }
  return value;
}

/** One column of a result inside a transaction, as plain values. */
export function valuesOf(result: QueryResult, key: string): unknown[] {
  return result.records.map((record) => toPlain(record.get(key)));
}

function rowsOf(result: QueryResult): Row[] {
  return result.records.map((record) => toPlain(record.toObject()) as Row);
}

export class GraphDatabase {
  constructor(
    readonly driver: Driver,
    readonly database: string,
    readonly queryTimeoutMs: number,
  ) {}

  /** One read statement with the configured timeout; rows come back as plain objects. */
  async read(cypher: string, params: Params = {}): Promise<Row[]> {
    const result = await this.driver.executeQuery(cypher, params, {
      database: this.database,
      routing: neo4j.routing.READ,
      transactionConfig: { timeout: this.queryTimeoutMs },
    });
    return rowsOf(result);
  }

  /** A unit of several reads in one transaction (a consistent snapshot). */
  async readTransaction<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead(work, { timeout: this.queryTimeoutMs });
    } finally {
      await session.close();
    }
  }

  /** A unit of writes in one transaction; everything or nothing is committed. */
  async writeTransaction<T>(work: (tx: ManagedTransaction) => Promise<T>, timeoutMs = 60_000): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite(work, { timeout: timeoutMs });
    } finally {
      await session.close();
    }
  }

  /** Integer parameter (SKIP/LIMIT need integers; JavaScript numbers travel as floats). */
  int(value: number) {
    return neo4j.int(value);
  }

  /** Plain JSON value of a driver value, for rows read inside a transaction. */
  plain(value: unknown): unknown {
    return toPlain(value);
  }

  /** Whether the database answers a query now (auto-commit, so the driver does not retry); resolves with the server's agent. */
  async ping(timeoutMs = 2_000): Promise<{ serverAgent: string }> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      const result = await session.run('RETURN 1 AS ok', {}, { timeout: timeoutMs });
      return { serverAgent: result.summary.server.agent ?? 'unknown' };
    } finally {
      await session.close();
    }
  }
}

/** How a failed driver call bears on the database's health: the circuit breaker and load shedding use it. */
export type DriverErrorKind = 'unavailable' | 'timeout' | 'retryable' | 'other';

const unavailableCodes = new Set([
  neo4j.error.SERVICE_UNAVAILABLE,
  neo4j.error.SESSION_EXPIRED,
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Database.DatabaseNotFound',
]);

/** Sorts a thrown value: Neo4j unreachable, too slow (query timeout or no free connection), transient, or anything else. */
export function classifyDriverError(error: unknown): DriverErrorKind {
  if (!(error instanceof neo4j.Neo4jError)) return 'other';
  if (error.code.includes('TransactionTimedOut') || /acquisition timed out/i.test(error.message)) return 'timeout';
  if (unavailableCodes.has(error.code) || /connect|socket|closed/i.test(error.message)) return 'unavailable';
  return neo4j.isRetryableError(error) ? 'retryable' : 'other';
}
