// Revisions: every write over HTTP records who changed what, with the element before and after in seed form
// (a concepts.yaml or relations.yaml entry), so a reader can follow the graph's history and `seed:export`
// knows which changes the files do not hold yet. Numbered by one counter on the graph's meta node.
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
import { z } from 'zod';
import { type GraphDatabase, statement, toPlain } from '../database.js';
import { unversioned } from '../graph-version.js';

export const ElementKind = z.enum(['concept', 'relation']);
export type ElementKind = z.infer<typeof ElementKind>;
export const RevisionOp = z.enum(['create', 'update', 'delete']);
export type RevisionOp = z.infer<typeof RevisionOp>;

export const Revision = z.object({
  seq: z.number().int().describe('Position in the graph’s history; increases by one with every write'),
  at: z.string().describe('When the write committed (ISO 8601, UTC)'),
  by: z.string().describe('Name of the API key that made the write'),
  kind: ElementKind,
  op: RevisionOp,
  target: z.string().describe('The concept id, or the relation id (subject:TYPE:object)'),
  before: z.record(z.string(), z.unknown()).nullable().describe('The element before the write, in seed form; null for a create'),
  after: z.record(z.string(), z.unknown()).nullable().describe('The element after the write, in seed form; null for a delete'),
});
z.globalRegistry.add(Revision, { id: 'Revision' });
export type Revision = z.infer<typeof Revision>;

/**
 * Takes the graph's write lock and the next revision number, then reads the version the graph had before
 * this write. The SET locks the meta node first, so concurrent writes queue here, and the version read after
 * it is the one the previous write committed: a precondition checked against it cannot miss a write.
 */
export async function beginRevision(
  tx: ManagedTransaction,
  element?: ElementStatement,
): Promise<{ seq: number; previousVersion: string; element: Record<string, unknown> | null }> {
  // One statement: the SET takes the lock before the RETURN reads the version (and the element, when asked).
  const counted = await tx.run(
    `MERGE (m:GraphMeta {id: 'graph'}) SET m.revision = coalesce(m.revision, 0) + 1
     WITH m ${element ? `CALL () { ${element.cypher} }` : 'WITH m, null AS element'}
     RETURN m.revision AS seq, m.version AS version, element`,
    element?.params ?? {},
  );
  const record = counted.records[0];
  const seq = Number(toPlain(record?.get('seq')));
  const version = record?.get('version');
  const found = toPlain(record?.get('element'));
  return {
    seq,
    previousVersion: typeof version === 'string' && version.length > 0 ? version : unversioned,
    element: found && typeof found === 'object' ? (found as Record<string, unknown>) : null,
  };
}

/**
 * Cypher about the element a write changes, run inside the write's own statements to save round trips: as a
 * read, a subquery of beginRevision returning one row with `element` (null when absent); as a write, the part
 * that recordRevision runs first. Its parameter names must not clash with those statements' own.
 */
export interface ElementStatement {
  cypher: string;
  params: Record<string, unknown>;
}

export interface RevisionInput {
  seq: number;
  by: string;
  kind: ElementKind;
  op: RevisionOp;
  target: string;
  before: object | null;
  after: object | null;
}

/**
 * Writes the element, records the revision and stamps the graph's new version in one statement (the meta node
 * is locked by beginRevision already), so every cached reply in every replica is replaced. The element's
 * parameters must not use the revision's names.
 */
export async function recordRevision(
  tx: ManagedTransaction,
  revision: RevisionInput,
  version: string,
  write: ElementStatement,
): Promise<string> {
  const at = new Date().toISOString();
  await tx.run(
    `${write.cypher}
     WITH count(*) AS written
     CREATE (:Revision {seq: $seq, at: $at, by: $by, kind: $kind, op: $op, target: $target, before: $before, after: $after})
     WITH written
     MATCH (m:GraphMeta {id: 'graph'}) SET m.version = $version`,
    {
      ...write.params,
      ...revision,
      at,
      version,
      before: revision.before === null ? null : JSON.stringify(revision.before),
      after: revision.after === null ? null : JSON.stringify(revision.after),
    },
  );
  return at;
}

const revisionFields = 'r { .seq, .at, .by, .kind, .op, .target, .before, .after } AS revision';

const changesSince = statement(
  'changesSince',
  `MATCH (r:Revision) WHERE r.seq > $since
   RETURN ${revisionFields}
   ORDER BY r.seq LIMIT $limit`,
);

const historyOf = statement(
  'historyOf',
  `MATCH (r:Revision {kind: $kind, target: $target}) WHERE r.seq < $before
   RETURN ${revisionFields}
   ORDER BY r.seq DESC LIMIT $limit`,
);

const latestRevision = statement('latestRevision', "OPTIONAL MATCH (m:GraphMeta {id: 'graph'}) RETURN coalesce(m.revision, 0) AS seq");

function revisionOf(row: Record<string, unknown>): Revision {
  const r = row.revision as Record<string, unknown>;
  const json = (value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as Record<string, unknown>) : null);
  return Revision.parse({ ...r, before: json(r.before), after: json(r.after) });
}

/** Revisions after `since`, oldest first, at most `limit` of them: the change feed's page. */
export async function listChanges(db: GraphDatabase, since: number, limit: number): Promise<Revision[]> {
  const rows = await db.read(changesSince, { since: neo4j.int(since), limit: neo4j.int(limit) });
  return rows.map(revisionOf);
}

/** One element's revisions before `before` (exclusive), newest first. */
export async function elementHistory(
  db: GraphDatabase,
  kind: ElementKind,
  target: string,
  before: number,
  limit: number,
): Promise<Revision[]> {
  const rows = await db.read(historyOf, { kind, target, before: neo4j.int(before), limit: neo4j.int(limit) });
  return rows.map(revisionOf);
}

/** The number of the latest revision (0 before any write over HTTP). */
export async function latestRevisionSeq(db: GraphDatabase): Promise<number> {
  const rows = await db.read(latestRevision);
  return Number(rows[0]?.seq ?? 0);
}
