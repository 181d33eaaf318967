// The rule between the two ways the graph changes: the seed files, and writes over HTTP. Every write over HTTP
// is a numbered revision (GraphMeta.revision, one (:Revision) each); GraphMeta.syncedThrough is the latest
// revision the seed files are known to hold, because they were just loaded (seed) or written (seed:export).
// Seeding replaces the graph's content with the files', so while revisions newer than syncedThrough exist it
// would silently undo them: the seed refuses, naming them, unless told to discard them.
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { toPlain } from '../graph/database.js';

export interface UnsyncedRevision {
  seq: number;
  at: string;
  by: string;
  kind: string;
  op: string;
  target: string;
}

export interface SyncState {
  /** The latest revision (0 before any write over HTTP). */
  revision: number;
  /** The latest revision the seed files hold. */
  syncedThrough: number;
  /** Whether the graph had a version before this transaction (it may have none yet). */
  versioned: boolean;
}

/** At most this many revisions are named in a refusal; the rest are counted. */
export const namedRevisionsLimit = 20;

export class UnsyncedHttpChangesError extends Error {
  constructor(
    readonly count: number,
    readonly revisions: UnsyncedRevision[],
    readonly state: SyncState,
  ) {
    const named = revisions.map((r) => `  #${r.seq} ${r.op} ${r.kind} ${r.target} by ${r.by} at ${r.at}`);
    const more = count > revisions.length ? [`  … and ${count - revisions.length} more`] : [];
    super(
      [
        `The graph holds ${count} ${count === 1 ? 'change' : 'changes'} made over HTTP that the seed files do not ` +
          `(revisions ${state.syncedThrough + 1} to ${state.revision}); seeding would discard them, so nothing was written:`,
        ...named,
        ...more,
        'Run `npm run seed:export` and commit the files it changes, then seed again; or seed with ' +
          '--discard-http-changes to drop those changes.',
      ].join('\n'),
    );
    this.name = 'UnsyncedHttpChangesError';
  }
}

const numberOf = (value: unknown) => Number(toPlain(value) ?? 0);

/**
 * Reads the revision counters and takes the meta node's write lock (the SET), which a write over HTTP also
 * takes to number itself: no revision can appear between this check and the commit of the seed. Creates the
 * meta node when the graph has none, inside the caller's transaction.
 */
export async function lockSyncState(tx: ManagedTransaction): Promise<SyncState> {
  const result = await tx.run(
    `MERGE (m:GraphMeta {id: 'graph'})
     SET m.syncedThrough = coalesce(m.syncedThrough, 0)
     RETURN coalesce(m.revision, 0) AS revision, m.syncedThrough AS syncedThrough, m.version IS NOT NULL AS versioned`,
  );
  const record = result.records[0];
  return {
    revision: numberOf(record?.get('revision')),
    syncedThrough: numberOf(record?.get('syncedThrough')),
    versioned: record?.get('versioned') === true,
  };
}

/** The revisions after `since`, oldest first (at most `limit`), and how many there are in all. */
export async function revisionsAfter(
  tx: ManagedTransaction,
  since: number,
  limit = namedRevisionsLimit,
): Promise<{ count: number; revisions: UnsyncedRevision[] }> {
  const result = await tx.run(
    `MATCH (r:Revision) WHERE r.seq > $since
     WITH r ORDER BY r.seq
     WITH count(r) AS count, collect(r { .seq, .at, .by, .kind, .op, .target })[..$limit] AS revisions
     RETURN count, revisions`,
    { since: neo4j.int(since), limit: neo4j.int(limit) },
  );
  const record = result.records[0];
  const revisions = (toPlain(record?.get('revisions')) ?? []) as Record<string, unknown>[];
  return {
    count: numberOf(record?.get('count')),
    revisions: revisions.map((r) => ({
      seq: Number(r.seq),
      at: String(r.at),
      by: String(r.by),
      kind: String(r.kind),
      op: String(r.op),
      target: String(r.target),
    })),
  };
}

/**
 * Throws UnsyncedHttpChangesError when revisions newer than syncedThrough exist and `discard` is not set;
 * returns how many are discarded otherwise. Called first in the seed's transaction, so a refusal writes nothing.
 */
export async function guardHttpChanges(tx: ManagedTransaction, discard: boolean): Promise<{ state: SyncState; discarded: number }> {
  const state = await lockSyncState(tx);
  if (state.revision <= state.syncedThrough) return { state, discarded: 0 };
  const { count, revisions } = await revisionsAfter(tx, state.syncedThrough);
  if (count === 0) return { state, discarded: 0 };
  if (!discard) throw new UnsyncedHttpChangesError(count, revisions, state);
  return { state, discarded: count };
}

/** Records that the seed files hold every revision up to `revision` (never moves the mark back). */
export async function markSynced(tx: ManagedTransaction, revision: number): Promise<void> {
  await tx.run(
    `MERGE (m:GraphMeta {id: 'graph'})
     SET m.syncedThrough = CASE WHEN coalesce(m.syncedThrough, 0) < $revision THEN $revision ELSE m.syncedThrough END`,
    { revision: neo4j.int(revision) },
  );
}
