// Writes validated seed data in one transaction, in batches of bounded size. What the graph already holds of
// the seed is read first and compared by a content hash per element, so only differences are written and a
// second run with the same files changes nothing. Everything the seed writes carries `seedOwned: true`,
// so edits and deletions in the files are mirrored while elements created by others are left alone.
import { createHash } from 'node:crypto';
import type { ManagedTransaction } from 'neo4j-driver';
import type { GraphDatabase } from '../graph/database.js';
import { newGraphVersion, stampGraphVersion } from '../graph/graph-version.js';
import { relationId, sourceRefKey } from '../graph/ids.js';
import { ensureGraphSchema } from '../graph/schema.js';
import { normalizeTerm } from '../graph/text.js';
import { provenanceOf, type SeedData } from './schema.js';

export interface ElementCounts {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** Elements no longer in the files but kept (unmarked) because non-seed relationships still use them. */
  released: number;
}

export interface SeedReport {
  categories: ElementCounts;
  sources: ElementCounts;
  relationTypes: ElementCounts;
  concepts: ElementCounts;
  relations: ElementCounts & { byType: Record<string, number> };
  changed: boolean;
  durationMs: number;
}

interface Row {
  key: string;
  hash: string;
  props: Record<string, unknown>;
}

function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

function row(key: string, props: Record<string, unknown>): Row {
  return { key, hash: hashOf(props), props };
}

/** Rows per node label, keyed by the label's id property. Labels are fixed here, never taken from input. */
function nodeRows(data: SeedData) {
  const provenance = provenanceOf(data.sources);
  return {
    Category: {
      keyProp: 'id',
      rows: data.categories.map((c, order) =>
        row(c.id, {
          id: c.id,
          nameEn: c.name.en,
          nameKo: c.name.ko,
          descriptionEn: c.description.en,
          descriptionKo: c.description.ko,
          order,
        }),
      ),
    },
    Source: {
      keyProp: 'id',
      rows: data.sources.map((s, order) =>
        row(s.id, {
          id: s.id,
          kind: s.kind,
          titleEn: s.title.en,
          titleKo: s.title.ko,
          language: s.language,
          url: s.url,
          derivedFrom: s.derivedFrom ?? [],
          sectionIds: s.sections.map((x) => x.id),
          sectionHeadings: s.sections.map((x) => x.heading),
          sectionTitlesEn: s.sections.map((x) => x.title.en),
          sectionTitlesKo: s.sections.map((x) => x.title.ko),
          // Neo4j lists cannot hold nulls: a section without a page of its own is ''.
          sectionUrls: s.sections.map((x) => x.url ?? ''),
          order,
        }),
      ),
    },
    RelationType: {
      keyProp: 'key',
      rows: data.relationTypes.map((t, order) =>
        row(t.key, {
          key: t.key,
          symmetric: t.symmetric,
          learningOrder: t.learningOrder ?? false,
          hierarchy: t.hierarchy ?? false,
          descriptionEn: t.description.en,
          descriptionKo: t.description.ko,
          forwardEn: t.forward.en,
          forwardKo: t.forward.ko,
          inverseEn: t.inverse.en,
          inverseKo: t.inverse.ko,
          keywordsEn: t.keywords?.en ?? [],
          keywordsKo: t.keywords?.ko ?? [],
          order,
        }),
      ),
    },
    Concept: {
      keyProp: 'id',
      rows: data.concepts.map((c) =>
        row(c.id, {
          id: c.id,
          nameEn: c.name.en,
          nameKo: c.name.ko,
          aliasesEn: c.aliases.en,
          aliasesKo: c.aliases.ko,
          aliasText: [...c.aliases.en, ...c.aliases.ko].join(' | '),
          searchKeys: [...new Set([c.id, c.name.en, c.name.ko, ...c.aliases.en, ...c.aliases.ko].map(normalizeTerm))],
          summaryEn: c.summary.en,
          summaryKo: c.summary.ko,
          category: c.category,
          tags: c.tags,
          sources: c.sources.map(sourceRefKey),
          provenance: provenance(c.sources),
        }),
      ),
    },
  } as const;
}

const emptyCounts = (): ElementCounts => ({ created: 0, updated: 0, deleted: 0, unchanged: 0, released: 0 });

/**
 * Rows per statement. Every write is an `UNWIND` over at most this many rows, so a statement's parameters and
 * Neo4j's work per statement stay bounded whatever the size of the seed; all batches share one transaction.
 */
export const seedWriteBatchSize = 5_000;

export interface ApplySeedOptions {
  batchSize?: number;
  /** Told how long each phase took (the bench prints it). */
  onPhase?: (phase: string, durationMs: number) => void;
}

/** What the graph holds of the seed's, for one label or for the relationships: the hash per key. */
async function readHashes(tx: ManagedTransaction, cypher: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  const result = await tx.run(cypher);
  for (const record of result.records) hashes.set(record.get('key') as string, record.get('hash') as string);
  return hashes;
}

function* batches<T>(items: T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/**
 * Runs one statement per batch, the next batch sent while Neo4j still works on the one before (at most two
 * in flight), so encoding a batch here overlaps executing the previous one there. One transaction, in order.
 */
async function runBatches<T>(tx: ManagedTransaction, cypher: string, items: T[], batchSize: number): Promise<void> {
  let previous: Promise<unknown> | undefined;
  for (const batch of batches(items, batchSize)) {
    const current = Promise.resolve(tx.run(cypher, { rows: batch }));
    // Settled here so a failure of this batch while the previous one is awaited is not reported as unhandled.
    current.catch(() => {});
    if (previous) await previous;
    previous = current;
  }
  await previous;
}

/** The rows that differ from what the graph holds, and the counts that go with them. */
function diff(
  rows: Row[],
  existing: Map<string, string>,
): { changed: Row[]; counts: ElementCounts; stale: string[]; existing: Map<string, string> } {
  const counts = emptyCounts();
  const changed: Row[] = [];
  const keys = new Set<string>();
  for (const row of rows) {
    keys.add(row.key);
    const current = existing.get(row.key);
    if (current === row.hash) {
      counts.unchanged++;
      continue;
    }
    changed.push(row);
    if (current !== undefined) counts.updated++;
    else counts.created++;
  }
  const stale = [...existing.keys()].filter((key) => !keys.has(key));
  return { changed, counts, stale, existing };
}

// Labels and key properties are fixed in nodeRows, never taken from input. MERGE on the key uses the
// uniqueness constraint's index; a node that exists but is not the seed's (no hash) is taken over, as before.
async function mergeNodes(tx: ManagedTransaction, label: string, keyProp: string, rows: Row[], batchSize: number): Promise<void> {
  const cypher = `UNWIND $rows AS row
       MERGE (n:${label} {${keyProp}: row.key})
       SET n += row.props, n.seedHash = row.hash, n.seedOwned = true`;
  await runBatches(tx, cypher, rows, batchSize);
}

/**
 * Seed-owned nodes no longer in the files are deleted, unless relationships the seed did not create
 * still use them: those are kept and released (no longer marked as the seed's), so nothing of others is lost.
 */
async function removeStaleNodes(
  tx: ManagedTransaction,
  label: string,
  keyProp: string,
  keys: string[],
  counts: ElementCounts,
  batchSize: number,
): Promise<void> {
  for (const batch of batches(keys, batchSize)) {
    const result = await tx.run(
      `UNWIND $keys AS key
       MATCH (n:${label} {${keyProp}: key}) WHERE n.seedOwned = true
       WITH n, EXISTS { (n)--() } AS inUse
       FOREACH (_ IN CASE WHEN inUse THEN [1] ELSE [] END | REMOVE n.seedOwned, n.seedHash)
       FOREACH (_ IN CASE WHEN inUse THEN [] ELSE [1] END | DELETE n)
       RETURN count(CASE WHEN inUse THEN 1 END) AS released, count(CASE WHEN NOT inUse THEN 1 END) AS deleted`,
      { keys: batch },
    );
    counts.released += result.records[0]?.get('released').toNumber() ?? 0;
    counts.deleted += result.records[0]?.get('deleted').toNumber() ?? 0;
  }
}

function relationRows(data: SeedData): Map<string, Row[]> {
  const provenance = provenanceOf(data.sources);
  const byType = new Map<string, Row[]>(data.relationTypes.map((type) => [type.key, []]));
  for (const r of data.relations) {
    const id = relationId(r.subject, r.type, r.object);
    byType.get(r.type)?.push(
      row(id, {
        id,
        confidence: r.confidence,
        sources: r.sources.map(sourceRefKey),
        provenance: provenance(r.sources),
        subject: r.subject,
        object: r.object,
      }),
    );
  }
  return byType;
}

/** Relationships between concepts that are not the seed's (MERGE would take one of them over). */
const foreignRelationsCypher = 'MATCH (:Concept)-[r]->(:Concept) WHERE coalesce(r.seedOwned, false) <> true RETURN count(r) AS n';

/**
 * Writes the relations that are new or changed. Both ends are found through the concept id constraint.
 * A relation the graph does not hold yet is created outright when no relationship other than the seed's joins
 * two concepts (the usual case, and always on an empty graph): then nothing exists that MERGE could find, so
 * CREATE gives the same graph without the existence check, and one statement serves every type. The type
 * comes from the validated catalogue as a parameter (`$(…)`, Neo4j 5.26). Otherwise, and for changed
 * relations, MERGE per type as before, the key backtick-quoted from the catalogue (it matches ^[A-Z][A-Z0-9_]*$).
 */
async function writeRelations(
  tx: ManagedTransaction,
  data: SeedData,
  relations: Map<string, Row[]>,
  relationDiff: ReturnType<typeof diff>,
  batchSize: number,
): Promise<void> {
  const changedKeys = new Set(relationDiff.changed.map((r) => r.key));
  // Only relations the graph does not hold yet can be created: with none, the scan of every relationship is skipped.
  const canCreate = relationDiff.counts.created > 0 && ((await tx.run(foreignRelationsCypher)).records[0]?.get('n').toNumber() ?? 1) === 0;
  // [type, subject, object, id, confidence, sources, provenance, hash]
  const created: unknown[][] = [];
  for (const type of data.relationTypes) {
    const merged: Row[] = [];
    for (const r of relations.get(type.key) ?? []) {
      if (!changedKeys.has(r.key)) continue;
      if (canCreate && !relationDiff.existing.has(r.key)) {
        const { subject, object, id, confidence, sources, provenance } = r.props;
        created.push([type.key, subject, object, id, confidence, sources, provenance, r.hash]);
      } else merged.push(r);
    }
    await runBatches(
      tx,
      `UNWIND $rows AS row
       MATCH (a:Concept {id: row.props.subject})
       MATCH (b:Concept {id: row.props.object})
       MERGE (a)-[r:\`${type.key}\`]->(b)
       SET r.id = row.props.id, r.confidence = row.props.confidence, r.sources = row.props.sources,
           r.provenance = row.props.provenance, r.seedHash = row.hash, r.seedOwned = true`,
      merged,
      batchSize,
    );
  }
  // Rows go as lists, not maps, so no key names are encoded and decoded per row: at 100k relations these writes
  // took 3.2–3.7 s instead of 4.6–4.9 s in a warmed-up Neo4j.
  await runBatches(
    tx,
    `UNWIND $rows AS row
     MATCH (a:Concept {id: row[1]})
     MATCH (b:Concept {id: row[2]})
     CREATE (a)-[r:$(row[0])]->(b)
     SET r.id = row[3], r.confidence = row[4], r.sources = row[5], r.provenance = row[6], r.seedHash = row[7], r.seedOwned = true`,
    created,
    batchSize,
  );
}

const labels = ['Category', 'Source', 'RelationType', 'Concept'] as const;
type Label = (typeof labels)[number];

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
  const nodes = nodeRows(data);
  const relations = relationRows(data);
  const allRelationRows = [...relations.values()].flat();
  phase('rows');
  // One transaction: a failure anywhere (Neo4j down, out of memory) rolls every batch back, so the graph is
  // either the old one or the new one. The seed was validated in full before this point. 100k relations fit
  // in the local launcher's 1 GB heap (bench/seed-scale.ts); a retried transaction re-reads the graph first.
  const report = await db.writeTransaction(async (tx) => {
    // What the graph holds of the seed's, read once: only differences are written, so a re-run of unchanged
    // files writes nothing, and stale nodes are found by key through the constraints' indexes.
    const nodeDiffs = {} as Record<Label, ReturnType<typeof diff>>;
    for (const label of labels) {
      const { keyProp, rows } = nodes[label];
      const existing = await readHashes(tx, `MATCH (n:${label}) WHERE n.seedOwned = true RETURN n.${keyProp} AS key, n.seedHash AS hash`);
      nodeDiffs[label] = diff(rows, existing);
    }
    const existingRelations = await readHashes(tx, 'MATCH ()-[r]->() WHERE r.seedOwned = true RETURN r.id AS key, r.seedHash AS hash');
    const relationDiff = diff(allRelationRows, existingRelations);
    phase('diff');

    for (const label of labels) await mergeNodes(tx, label, nodes[label].keyProp, nodeDiffs[label].changed, batchSize);
    phase('nodes');

    // Relations removed from the files go first, so concepts they pointed at can be deleted afterwards.
    // One pass over the relationships, and only when some left the files (their type may have left the catalogue too).
    if (relationDiff.stale.length > 0) {
      await tx.run('MATCH ()-[r]->() WHERE r.seedOwned = true AND r.id IN $ids DELETE r', { ids: relationDiff.stale });
    }
    relationDiff.counts.deleted = relationDiff.stale.length;
    await writeRelations(tx, data, relations, relationDiff, batchSize);
    phase('relations');

    // Stale concepts are removed after their relations are.
    for (const label of [...labels].reverse()) {
      const { keyProp } = nodes[label];
      await removeStaleNodes(tx, label, keyProp, nodeDiffs[label].stale, nodeDiffs[label].counts, batchSize);
    }
    const counts = Object.fromEntries(labels.map((label) => [label, nodeDiffs[label].counts])) as Record<Label, ElementCounts>;
    const relationCounts = {
      ...relationDiff.counts,
      byType: Object.fromEntries([...relations].map(([type, rows]) => [type, rows.length])),
    };
    const all = [...Object.values(counts), relationCounts];
    const changed = all.some((c) => c.created + c.updated + c.deleted + c.released > 0);
    // Cached replies are keyed by this version: it changes in the same transaction as the data. Its digest
    // part is taken over the row hashes, which say the same as the content at a fraction of the size.
    const hashes = [...labels.flatMap((label) => nodes[label].rows), ...allRelationRows].map((r) => r.hash);
    await stampGraphVersion(tx, newGraphVersion(hashes), changed);
    phase('stale and version');
    return {
      categories: counts.Category,
      sources: counts.Source,
      relationTypes: counts.RelationType,
      concepts: counts.Concept,
      relations: relationCounts,
      changed,
    };
  });
  phase('commit');
  return { ...report, durationMs: Math.round(performance.now() - started) };
}

/** How many concepts the seed has loaded; 0 means the graph is empty of seed data. */
export async function seededConceptCount(db: GraphDatabase): Promise<number> {
  const rows = await db.read('MATCH (c:Concept) WHERE c.seedOwned = true RETURN count(c) AS n');
  return Number(rows[0]?.n ?? 0);
}
