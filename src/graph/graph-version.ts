// The graph version: a string stamped on one (:GraphMeta {id: 'graph'}) node by every write that changes
// the graph (the seed today). Replies cached for one version stay valid until it changes, and several API
// instances agree because the version lives in Neo4j, not in a process.
import { createHash, randomUUID } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import { type GraphDatabase, statement } from './database.js';

/** The version of a graph nothing has stamped yet (empty, or written before versions existed). */
export const unversioned = 'unversioned';

const readVersion = statement('readGraphVersion', "OPTIONAL MATCH (m:GraphMeta {id: 'graph'}) RETURN m.version AS version");

export async function readGraphVersion(db: GraphDatabase): Promise<string> {
  const rows = await db.read(readVersion);
  const version = rows[0]?.version;
  return typeof version === 'string' && version.length > 0 ? version : unversioned;
}

/** A new version for content with this digest: the digest says what, the suffix makes every change unique. */
export function newGraphVersion(content: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 12);
  return `${digest}.${Date.now().toString(36)}.${randomUUID().slice(0, 8)}`;
}

/**
 * Stamps the version inside the writer's transaction. `changed`: the write changed something, so a new
 * version replaces the old. Otherwise the version is only set where none exists yet (a graph seeded before
 * versions existed), so an idempotent re-run leaves cached replies valid.
 */
export async function stampGraphVersion(tx: ManagedTransaction, version: string, changed: boolean): Promise<void> {
  await tx.run(
    changed
      ? "MERGE (m:GraphMeta {id: 'graph'}) SET m.version = $version"
      : "MERGE (m:GraphMeta {id: 'graph'}) ON CREATE SET m.version = $version",
    { version },
  );
}

/** How long a read version is trusted before Neo4j is asked again: the delay before another instance's write shows. */
export const graphVersionMaxAgeMs = 1_000;

/** Reads the version at most once per `maxAgeMs`; concurrent callers share one read. */
export class GraphVersionTracker {
  private cached: { at: number; value: Promise<string> } | undefined;

  constructor(
    private readonly read: () => Promise<string>,
    private readonly maxAgeMs = graphVersionMaxAgeMs,
    private readonly now: () => number = Date.now,
  ) {}

  current(): Promise<string> {
    const at = this.now();
    if (this.cached && at - this.cached.at < this.maxAgeMs) return this.cached.value;
    // A failed read is kept for the same time as a good one: while Neo4j is down, callers learn it at once
    // instead of each waiting for its own failed read.
    const value = this.read();
    value.catch(() => undefined);
    this.cached = { at, value };
    return value;
  }

  /** Forgets the known version (after this process wrote the graph): the next `current()` reads it afresh. */
  invalidate(): void {
    this.cached = undefined;
  }
}
