// The one data-access style: named statements (`{ name, cypher }` constants next to their mappers), run
// through `read`/`readUnit`, every record mapped once into a plain row. The database is named, the
// timeout set and every statement reported to an optional observer (metrics) in this one place.
import neo4j, { type Driver, type ManagedTransaction, type QueryResult } from 'neo4j-driver';
import { ServiceUnavailableError } from '../errors.js';
import { DatabaseUsage } from './database-usage.js';
import { plainRecord, type Row, rowsOf } from './plain-rows.js';

export { type Row, toPlain } from './plain-rows.js';

export type Params = Record<string, unknown>;

/** A Cypher statement with a stable name: the name labels its timings and errors (metrics, logs). */
export interface Statement {
  readonly name: string;
  readonly cypher: string;
}

export function statement(name: string, cypher: string): Statement {
  // Line breaks and indentation go: the text travels with every run and Neo4j keys its plan cache on it.
  return { name, cypher: cypher.trim().replace(/\s*\n\s*/g, ' ') };
}

/** Called once per statement with its wall time, and the error when it failed. */
export type StatementObserver = (name: string, durationMs: number, error?: unknown) => void;

/** Runs one named statement inside the current unit (transaction); rows come back plain. */
export type ReadStatement = (statement: Statement, params?: Params) => Promise<Row[]>;

/**
 * Starts a statement without the call-site stack the driver captures for it. Each Result's constructor reads
 * `new Error().stack` to decorate a later error, and formatting that stack under tsx's source maps (`npm
 * start`) is a noticeable part of a lookup's CPU. Statements are named and errors reported with the name, so
 * the call site adds nothing. The driver builds the Result synchronously, inside `start`.
 */
function withoutCallSite<T>(start: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return start();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

export interface GraphDatabaseOptions {
  /** Called before every statement; throws to refuse it (the Neo4j health state: down, warming up). */
  admit?: (() => void) | undefined;
  /** Hears every failed driver call (the circuit breaker). */
  onError?: ((error: unknown) => void) | undefined;
  /** Hears every statement's duration (and error): /metrics. More can listen through `observe`. */
  onStatement?: StatementObserver | undefined;
  /** The driver's connection pool size, when known: readiness and /metrics compare the use with it. */
  poolSize?: number | undefined;
}

export class GraphDatabase {
  private readonly options: GraphDatabaseOptions;
  /** Statement observers and pooled connections in use; shared by every request's view. */
  private readonly usage: DatabaseUsage;
  get connectionsInUse(): number {
    return this.usage.connectionsInUse;
  }
  get poolSize(): number | undefined {
    return this.usage.poolSize;
  }
  /** Every pooled connection is taken: a new statement would wait for one, then fail. */
  get poolExhausted(): boolean {
    return this.usage.poolExhausted;
  }

  /** Set on a request's view (forRequest): true once nobody waits for the reply any more. */
  private abandoned: (() => boolean) | undefined;

  /**
   * Streams opened through a request's view. Each holds a transaction and a pooled connection until it is
   * read to its end or returned, and a reply can end without reading it (a 304 that replaces it, an error
   * reply, a deadline, a client that hung up, a consumer that never started): `release()` returns them all.
   */
  private openStreams: { streams: Set<AsyncGenerator<unknown>>; released: boolean } | undefined;

  /**
   * A view for one request: the same driver, pool count and observer, but every statement first checks
   * `abandoned` (the client hung up, or a reply such as the deadline's 503 already went out), so a unit of
   * several reads stops between them instead of working for nobody. Passed explicitly rather than through
   * AsyncLocalStorage, whose promise hooks weigh on every await of every request on Node 20.
   */
  forRequest(abandoned: () => boolean): GraphDatabase {
    const view = Object.create(this) as GraphDatabase;
    view.abandoned = abandoned;
    view.openStreams = { streams: new Set(), released: false };
    return view;
  }

  /**
   * Ends every stream this request's view opened, read or not, and any it opens from now on: called once the
   * reply is over, however it ended. Returning a stream rolls its transaction back and closes its session.
   */
  release(): void {
    const open = this.openStreams;
    if (!open) return;
    open.released = true;
    for (const stream of open.streams) void stream.return(undefined).catch(() => undefined);
    open.streams.clear();
  }

  /** Listens to every statement from now on; returns the way to stop. */
  observe(observer: StatementObserver): () => void {
    return this.usage.observe(observer);
  }

  /** A failed driver call, told to whoever watches the database's health, then passed on. */
  private failed(error: unknown): never {
    this.options.onError?.(error);
    throw error;
  }

  private admit(): void {
    this.options.admit?.();
    if (this.abandoned?.()) {
      throw new ServiceUnavailableError(
        'QUERY_TIMEOUT',
        'The request was abandoned (client gone or deadline passed) before its next query.',
      );
    }
  }

  constructor(
    readonly driver: Driver,
    readonly database: string,
    readonly queryTimeoutMs: number,
    options: GraphDatabaseOptions = {},
  ) {
    this.options = options;
    this.usage = new DatabaseUsage(options.poolSize, options.onStatement);
  }

  /**
   * One read statement in an auto-commit transaction with the configured timeout: one round trip (RUN and
   * PULL sent together), where a managed transaction adds a COMMIT round trip. The driver
   * would not retry either way (maxTransactionRetryTime is 0: the breaker handles outages).
   */
  async read(query: Statement | string, params: Params = {}): Promise<Row[]> {
    const { name, cypher } = typeof query === 'string' ? { name: 'unnamed', cypher: query } : query;
    this.admit();
    return this.usage
      .observed(name, () => this.usage.holding(async () => rowsOf(await this.autoCommit(cypher, params, this.queryTimeoutMs))))
      .catch((error: unknown) => this.failed(error));
  }

  /** One statement in its own auto-commit read transaction, in a session opened and closed around it. */
  private async autoCommit(cypher: string, params: Params, timeoutMs: number): Promise<QueryResult> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await withoutCallSite(() => session.run(cypher, params, { timeout: timeoutMs }));
    } finally {
      await session.close();
    }
  }

  /** Several named reads in one transaction, for work whose later statements depend on earlier answers. */
  async readUnit<T>(work: (read: ReadStatement) => Promise<T>): Promise<T> {
    this.admit();
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await this.usage.holding(() =>
        session.executeRead(
          (tx) =>
            work((query, params = {}) => {
              this.admit();
              return this.usage.observed(query.name, async () => rowsOf(await withoutCallSite(() => tx.run(query.cypher, params))));
            }),
          { timeout: this.queryTimeoutMs },
        ),
      );
    } catch (error) {
      return this.failed(error);
    } finally {
      await session.close();
    }
  }

  /**
   * Rows of several statements read in one transaction (one consistent snapshot), yielded in batches as the
   * driver receives them. The driver pulls the next records only when the consumer keeps up (its async
   * iterator pauses above a watermark), so memory stays bounded by the batch size whatever the result size.
   * Stopping early (a client that hung up) rolls the transaction back and closes the session; on a request's
   * view the stream also ends with the reply (`release`), so no way a reply ends can leave it open.
   */
  stream(
    statements: readonly { statement: Statement; params?: Params }[],
    options: { batchSize: number; timeoutMs: number },
  ): AsyncGenerator<{ index: number; rows: Row[] }> {
    const rows = this.streamRows(statements, options);
    const open = this.openStreams;
    if (open?.released) void rows.return(undefined);
    else open?.streams.add(rows);
    return rows;
  }

  private async *streamRows(
    statements: readonly { statement: Statement; params?: Params }[],
    options: { batchSize: number; timeoutMs: number },
  ): AsyncGenerator<{ index: number; rows: Row[] }> {
    this.admit(); // before the session is opened: a refusal leaves nothing to close
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: neo4j.session.READ,
      fetchSize: options.batchSize,
    });
    this.usage.connectionsInUse++;
    let tx: Awaited<ReturnType<typeof session.beginTransaction>> | undefined;
    try {
      const open = await session.beginTransaction({ timeout: options.timeoutMs });
      tx = open;
      for (const [index, { statement, params }] of statements.entries()) {
        if (index > 0) this.admit();
        const started = performance.now();
        try {
          let rows: Row[] = [];
          for await (const record of withoutCallSite(() => open.run(statement.cypher, params ?? {}))) {
            rows.push(plainRecord(record));
            if (rows.length >= options.batchSize) {
              yield { index, rows };
              rows = [];
            }
          }
          if (rows.length > 0) yield { index, rows };
          this.usage.statementDone(statement.name, performance.now() - started, undefined);
        } catch (error) {
          this.usage.statementDone(statement.name, performance.now() - started, error);
          throw error;
        }
      }
      await tx.commit();
    } catch (error) {
      this.failed(error);
    } finally {
      this.usage.connectionsInUse--;
      if (tx?.isOpen()) await tx.rollback().catch(() => undefined);
      await session.close();
    }
  }

  /**
   * A unit of writes in one transaction; everything or nothing is committed. The default timeout fits the
   * seed of a 100k-relation graph on a busy machine (minutes), not a request.
   */
  async writeTransaction<T>(work: (tx: ManagedTransaction) => Promise<T>, timeoutMs = 600_000): Promise<T> {
    this.admit();
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await this.usage.holding(() => session.executeWrite(work, { timeout: timeoutMs }));
    } catch (error) {
      return this.failed(error);
    } finally {
      await session.close();
    }
  }

  /** One schema statement (constraint, index, index wait) in its own auto-commit transaction. */
  async schema(query: Statement): Promise<void> {
    this.admit();
    await this.usage
      .observed(query.name, () => this.driver.executeQuery(query.cypher, {}, { database: this.database }))
      .catch((error: unknown) => this.failed(error));
  }

  /**
   * Schema statements in one transaction: Neo4j keeps schema changes apart from data writes, not from each
   * other, and one commit costs less than one per element (a fresh JVM plans and commits each on cold code).
   * All or none take effect; they must be idempotent (IF NOT EXISTS), as a retry runs them again.
   */
  async schemaTransaction(name: string, queries: Statement[]): Promise<void> {
    if (queries.length === 0) return;
    await this.usage.observed(name, () =>
      this.writeTransaction(async (tx) => {
        for (const query of queries) await tx.run(query.cypher);
      }),
    );
  }

  /** Integer parameter (SKIP/LIMIT need integers; JavaScript numbers travel as floats). */
  int(value: number) {
    return neo4j.int(value);
  }

  /** Whether the database answers a query now (auto-commit, so the driver does not retry); resolves with the server's agent. */
  async ping(timeoutMs = 2_000): Promise<{ serverAgent: string }> {
    const result = await this.autoCommit('RETURN 1 AS ok', {}, timeoutMs);
    return { serverAgent: result.summary.server.agent ?? 'unknown' };
  }
}
