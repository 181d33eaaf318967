// Writes validated seed data in one transaction, in batches of bounded size. What the graph already holds of
// the seed is read first and compared by a content hash per element, so only differences are written and a
// second run with the same files changes nothing. Everything the seed writes carries `seedOwned: true`,
// so edits and deletions in the files are mirrored while elements created by others are left alone.
// Changes made over HTTP that the files do not hold stop the seed (http-changes.ts) unless it is told to drop them.
import type { ManagedTransaction } from 'neo4j-driver';
import type { GraphDatabase } from '../graph/database.js';
import { newGraphVersion, stampGraphVersion } from '../graph/graph-version.js';
import { ensureGraphSchema } from '../graph/schema.js';
import { guardHttpChanges, markSynced } from './http-changes.js';
import { nodeRows, type Row, relationRows } from './rows.js';
import type { SeedData } from './schema.js';
import { diff, type ElementCounts, mergeNodes, readHashes, removeStaleNodes, type SeedDiff, writeRelations } from './writes.js';

export type { ElementCounts } from './writes.js';

export interface SeedReport {
  categories: ElementCounts;
  sources: ElementCounts;
  relationTypes: ElementCounts;
  concepts: ElementCounts;
  relations: ElementCounts & { byType: Record<string, number> };
  changed: boolean;
  /** Revisions made over HTTP that this seed undid (only with `discardHttpChanges`). */
  discardedHttpChanges: number;
  durationMs: number;
}

/**
 * Rows per statement. Every write is an `UNWIND` over at most this many rows, so a statement's parameters and
 * Neo4j's work per statement stay bounded whatever the size of the seed; all batches share one transaction.
 */
export const seedWriteBatchSize = 5_000;

export interface ApplySeedOptions {
  batchSize?: number;
  /** Told how long each phase took (the bench prints it). */
  onPhase?: (phase: string, durationMs: number) => void;
  /** Seed even though the graph holds changes made over HTTP that the files do not (they are undone). */
  discardHttpChanges?: boolean;
}

const labels = ['Category', 'Source', 'RelationType', 'Concept'] as const;
type Label = (typeof labels)[number];

interface Prepared {
  nodes: ReturnType<typeof nodeRows>;
  relations: ReturnType<typeof relationRows>;
  allRelationRows: Row[];
}

/** What the graph holds of the seed's, read once per label: only differences are written. */
async function diffGraph(tx: ManagedTransaction, { nodes, allRelationRows }: Prepared) {
  const nodeDiffs = {} as Record<Label, SeedDiff>;
  for (const label of labels) {
    const { keyProp, rows } = nodes[label];
    const existing = await readHashes(tx, `MATCH (n:${label}) WHERE n.seedOwned = true RETURN n.${keyProp} AS key, n.seedHash AS hash`);
    nodeDiffs[label] = diff(rows, existing);
  }
  const existingRelations = await readHashes(tx, 'MATCH ()-[r]->() WHERE r.seedOwned = true RETURN r.id AS key, r.seedHash AS hash');
  return { nodeDiffs, relationDiff: diff(allRelationRows, existingRelations) };
}

/** Removes what left the files: relations first, so concepts they pointed at can be deleted afterwards. */
async function removeStale(
  tx: ManagedTransaction,
  { nodes }: Prepared,
  { nodeDiffs, relationDiff }: Awaited<ReturnType<typeof diffGraph>>,
  batchSize: number,
): Promise<void> {
  for (const label of [...labels].reverse()) {
    const { keyProp } = nodes[label];
    await removeStaleNodes(tx, label, keyProp, nodeDiffs[label].stale, nodeDiffs[label].counts, batchSize);
  }
  relationDiff.counts.deleted = relationDiff.stale.length;
}

/** The data's writes, in order; returns the report without its timing. */
async function writeSeed(
  tx: ManagedTransaction,
  data: SeedData,
  prepared: Prepared,
  options: ApplySeedOptions & { batchSize: number; phase: (name: string) => void },
): Promise<Omit<SeedReport, 'durationMs'>> {
  const { batchSize, phase } = options;
  // First, and under the meta node's lock: changes made over HTTP that the files lack stop everything here.
  const { state, discarded } = await guardHttpChanges(tx, options.discardHttpChanges ?? false);
  const diffs = await diffGraph(tx, prepared);
  phase('diff');
  for (const label of labels) await mergeNodes(tx, label, prepared.nodes[label].keyProp, diffs.nodeDiffs[label].changed, batchSize);
  phase('nodes');
  // One pass over the relationships, and only when some left the files (their type may have left the catalogue too).
  if (diffs.relationDiff.stale.length > 0) {
    await tx.run('MATCH ()-[r]->() WHERE r.seedOwned = true AND r.id IN $ids DELETE r', { ids: diffs.relationDiff.stale });
  }
  await writeRelations(tx, data, prepared.relations, diffs.relationDiff, batchSize);
  phase('relations');
  await removeStale(tx, prepared, diffs, batchSize);
  const counts = Object.fromEntries(labels.map((label) => [label, diffs.nodeDiffs[label].counts])) as Record<Label, ElementCounts>;
  const relationCounts = {
    ...diffs.relationDiff.counts,
    byType: Object.fromEntries([...prepared.relations].map(([type, rows]) => [type, rows.length])),
  };
  const changed = [...Object.values(counts), relationCounts].some((c) => c.created + c.updated + c.deleted + c.released > 0);
  // Cached replies are keyed by this version: it changes in the same transaction as the data. Its digest
  // part is taken over the row hashes, which say the same as the content at a fraction of the size.
  const hashes = [...labels.flatMap((label) => prepared.nodes[label].rows), ...prepared.allRelationRows].map((r) => r.hash);
  await stampGraphVersion(tx, newGraphVersion(hashes), changed || !state.versioned);
  // The graph now says what the files say: they hold every revision so far.
  await markSynced(tx, state.revision);
  phase('stale and version');
  return {
    categories: counts.Category,
    sources: counts.Source,
    relationTypes: counts.RelationType,
    concepts: counts.Concept,
    relations: relationCounts,
    changed,
    discardedHttpChanges: discarded,
  };
}

/** Applies the seed: schema first (idempotent), then all data in one write transaction. */
export async function applySeed(db: GraphDatabase, data: SeedData, options: ApplySeedOptions = {}): Promise<SeedReport> {
  const batchSize = options.batchSize ?? seedWriteBatchSize;
  const started = performance.now();
  let phaseStarted = started;
  const phase = (name: string) => {
    const now = performance.now();
    options.onPhase?.(name, now - phaseStarted);
    phaseStarted = now;
  };
  await ensureGraphSchema(
    db,
    data.relationTypes.map((t) => t.key),
  );
  phase('schema');
  const relations = relationRows(data);
  const prepared: Prepared = { nodes: nodeRows(data), relations, allRelationRows: [...relations.values()].flat() };
  phase('rows');
  // One transaction: a failure anywhere (Neo4j down, out of memory) rolls every batch back, so the graph is
  // either the old one or the new one. The seed was validated in full before this point. 100k relations fit
  // in the local launcher's 1 GB heap (bench/seed-scale.ts); a retried transaction re-reads the graph first.
  const report = await db.writeTransaction((tx) => writeSeed(tx, data, prepared, { ...options, batchSize, phase }));
  phase('commit');
  return { ...report, durationMs: Math.round(performance.now() - started) };
}

/** How many concepts the seed has loaded; 0 means the graph is empty of seed data. */
export async function seededConceptCount(db: GraphDatabase): Promise<number> {
  const rows = await db.read('MATCH (c:Concept) WHERE c.seedOwned = true RETURN count(c) AS n');
  return Number(rows[0]?.n ?? 0);
}
