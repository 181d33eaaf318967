// A GraphDatabase that runs every statement under PROFILE and adds up its db hits, for the benchmarks:
// the domain functions run unchanged, so the figures are those of the statements the routes issue.
import neo4j, { type Driver, type ProfiledPlan, type QueryResult } from 'neo4j-driver';
import { GraphDatabase, type Params, type ReadStatement, type Row, type Statement, toPlain } from '../src/graph/database.js';

function hitsOf(plan: ProfiledPlan | false): number {
  if (!plan) return 0;
  return plan.dbHits + plan.children.reduce((sum, child) => sum + hitsOf(child), 0);
}

function rowsOf(result: QueryResult): Row[] {
  return result.records.map((record) => Object.fromEntries(record.keys.map((key) => [key, toPlain(record.get(key))])));
}

export class ProfilingDatabase extends GraphDatabase {
  dbHits = 0;
  statements: { name: string; dbHits: number }[] = [];

  constructor(driver: Driver, database: string) {
    super(driver, database, 60_000);
  }

  reset(): void {
    this.dbHits = 0;
    this.statements = [];
  }

  private count(name: string, result: QueryResult): Row[] {
    const hits = hitsOf(result.summary.profile);
    this.dbHits += hits;
    this.statements.push({ name, dbHits: hits });
    return rowsOf(result);
  }

  override async read(query: Statement | string, params: Params = {}): Promise<Row[]> {
    const { name, cypher } = typeof query === 'string' ? { name: 'unnamed', cypher: query } : query;
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return this.count(name, await session.run(`PROFILE ${cypher}`, params));
    } finally {
      await session.close();
    }
  }

  override async readUnit<T>(work: (read: ReadStatement) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead((tx) =>
        work(async (query, params = {}) => this.count(query.name, await tx.run(`PROFILE ${query.cypher}`, params))),
      );
    } finally {
      await session.close();
    }
  }
}
