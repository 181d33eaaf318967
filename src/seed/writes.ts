// The steps of a seed write, each inside the one transaction applySeed opens: read what the graph holds of the
// seed (a content hash per element), work out the differences, and write them in batches of bounded size.
import type { ManagedTransaction } from 'neo4j-driver';
import type { Row } from './rows.js';
import type { SeedData } from './schema.js';

export interface ElementCounts {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  /** Elements no longer in the files but kept (unmarked) because non-seed relationships still use them. */
  released: number;
}

export const emptyCounts = (): ElementCounts => ({ created: 0, updated: 0, deleted: 0, unchanged: 0, released: 0 });

/** What the graph holds of the seed's, for one label or for the relationships: the hash per key. */
export async function readHashes(tx: ManagedTransaction, cypher: string): Promise<Map<string, string>> {
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
export interface SeedDiff {
  changed: Row[];
  counts: ElementCounts;
  /** Keys the graph holds as the seed's that the files no longer have. */
  stale: string[];
  existing: Map<string, string>;
}

export function diff(rows: Row[], existing: Map<string, string>): SeedDiff {
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
export async function mergeNodes(tx: ManagedTransaction, label: string, keyProp: string, rows: Row[], batchSize: number): Promise<void> {
  const cypher = `UNWIND $rows AS row
       MERGE (n:${label} {${keyProp}: row.key})
       SET n += row.props, n.seedHash = row.hash, n.seedOwned = true`;
  await runBatches(tx, cypher, rows, batchSize);
}

/**
 * Seed-owned nodes no longer in the files are deleted, unless relationships the seed did not create
 * still use them: those are kept and released (no longer marked as the seed's), so nothing of others is lost.
 */
export async function removeStaleNodes(
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
export async function writeRelations(
  tx: ManagedTransaction,
  data: SeedData,
  relations: Map<string, Row[]>,
  relationDiff: SeedDiff,
  batchSize: number,
): Promise<void> {
  const changedKeys = new Set(relationDiff.changed.map((r) => r.key));
  // Only relations the graph does not hold yet can be created: with none, the scan of every relationship is skipped.
  const canCreate = relationDiff.counts.created > 0 && ((await tx.run(foreignRelationsCypher)).records[0]?.get('n').toNumber() ?? 1) === 0;
  // [type, subject, object, id, confidence, sources, provenance, hash, askedAsEn, askedAsKo]
  const created: unknown[][] = [];
  for (const type of data.relationTypes) {
    const merged: Row[] = [];
    for (const r of relations.get(type.key) ?? []) {
      if (!changedKeys.has(r.key)) continue;
      if (canCreate && !relationDiff.existing.has(r.key)) {
        const { subject, object, id, confidence, sources, provenance, askedAsEn, askedAsKo } = r.props;
        created.push([type.key, subject, object, id, confidence, sources, provenance, r.hash, askedAsEn, askedAsKo]);
      } else merged.push(r);
    }
    await runBatches(
      tx,
      `UNWIND $rows AS row
       MATCH (a:Concept {id: row.props.subject})
       MATCH (b:Concept {id: row.props.object})
       MERGE (a)-[r:\`${type.key}\`]->(b)
       SET r.id = row.props.id, r.confidence = row.props.confidence, r.sources = row.props.sources,
           r.provenance = row.props.provenance, r.askedAsEn = row.props.askedAsEn, r.askedAsKo = row.props.askedAsKo,
           r.seedHash = row.hash, r.seedOwned = true`,
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
     SET r.id = row[3], r.confidence = row[4], r.sources = row[5], r.provenance = row[6], r.seedHash = row[7], r.seedOwned = true,
         r.askedAsEn = row[8], r.askedAsKo = row[9]`,
    created,
    batchSize,
  );
}
