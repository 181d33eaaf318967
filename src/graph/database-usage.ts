// What GraphDatabase tells about its own use: every statement's duration (and error) to whoever observes it
// (/metrics, tests), and how many pooled connections its units of work hold against the pool's size. One
// instance is shared by the database and every request's view of it.
import type { StatementObserver } from './database.js';

export class DatabaseUsage {
  private readonly observers: StatementObserver[] = [];
  /**
   * Units of work (transactions) running now, each holding one pooled connection. The driver has no public
   * pool statistics, so this is the pool's use as seen from here; /metrics reports it beside the pool size.
   */
  connectionsInUse = 0;

  constructor(
    readonly poolSize: number | undefined,
    onStatement?: StatementObserver,
  ) {
    if (onStatement) this.observers.push(onStatement);
  }

  /** Every pooled connection is taken: a new statement would wait for one, then fail. */
  get poolExhausted(): boolean {
    return this.poolSize !== undefined && this.connectionsInUse >= this.poolSize;
  }

  /** Listens to every statement from now on; returns the way to stop. */
  observe(observer: StatementObserver): () => void {
    this.observers.push(observer);
    return () => {
      const at = this.observers.indexOf(observer);
      if (at >= 0) this.observers.splice(at, 1);
    };
  }

  statementDone(name: string, durationMs: number, error?: unknown): void {
    for (const observer of this.observers) observer(name, durationMs, error);
  }

  /** Runs one statement's work and tells the observers how long it took, and how it failed. */
  async observed<T>(name: string, work: () => Promise<T>): Promise<T> {
    if (this.observers.length === 0) return work();
    const started = performance.now();
    try {
      const result = await work();
      this.statementDone(name, performance.now() - started, undefined);
      return result;
    } catch (error) {
      this.statementDone(name, performance.now() - started, error);
      throw error;
    }
  }

  /** Runs a unit of work that holds one pooled connection while it runs. */
  async holding<T>(work: () => Promise<T>): Promise<T> {
    this.connectionsInUse++;
    try {
      return await work();
    } finally {
      this.connectionsInUse--;
    }
  }
}
