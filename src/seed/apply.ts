// Writes validated seed data in one transaction. MERGE throughout; a content hash per element means a
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

async function mergeNodes(tx: ManagedTransaction, label: string, keyProp: string, rows: Row[]): Promise<ElementCounts> {
  const result = await tx.run(
    `UNWIND $rows AS row
     MERGE (n:${label} {${keyProp}: row.key})
     WITH n, row, n.seedHash IS NULL AS created, coalesce(n.seedHash <> row.hash, true) AS changed
     WHERE changed
     SET n += row.props, n.seedHash = row.hash, n.seedOwned = true
     RETURN count(CASE WHEN created THEN 1 END) AS created, count(CASE WHEN NOT created THEN 1 END) AS updated`,
    { rows },
  );
  const counts = emptyCounts();
  counts.created = result.records[0]?.get('created').toNumber() ?? 0;
  counts.updated = result.records[0]?.get('updated').toNumber() ?? 0;
  counts.unchanged = rows.length - counts.created - counts.updated;
  return counts;
}

/**
 * Seed-owned nodes no longer in the files are deleted, unless relationships the seed did not create
 * still use them: those are kept and released (no longer marked as the seed's), so nothing of others is lost.
 */
async function removeStaleNodes(tx: ManagedTransaction, label: string, keyProp: string, rows: Row[], counts: ElementCounts): Promise<void> {
  const result = await tx.run(
    `MATCH (n:${label}) WHERE n.seedOwned = true AND NOT n.${keyProp} IN $keys
     WITH n, EXISTS { (n)--() } AS inUse
     FOREACH (_ IN CASE WHEN inUse THEN [1] ELSE [] END | REMOVE n.seedOwned, n.seedHash)
     FOREACH (_ IN CASE WHEN inUse THEN [] ELSE [1] END | DELETE n)
     RETURN count(CASE WHEN inUse THEN 1 END) AS released, count(CASE WHEN NOT inUse THEN 1 END) AS deleted`,
    { keys: rows.map((r) => r.key) },
  );
  counts.released = result.records[0]?.get('released').toNumber() ?? 0;
  counts.deleted = result.records[0]?.get('deleted').toNumber() ?? 0;
}

async function upsertRelations(tx: ManagedTransaction, data: SeedData): Promise<SeedReport['relations']> {
  const counts = { ...emptyCounts(), byType: {} as Record<string, number> };
  const provenance = provenanceOf(data.sources);
  const ids = data.relations.map((r) => relationId(r.subject, r.type, r.object));

  // Relations removed from the files go first, so concepts they pointed at can be deleted afterwards.
  const removed = await tx.run(`MATCH ()-[r]->() WHERE r.seedOwned = true AND NOT r.id IN $ids DELETE r RETURN count(*) AS deleted`, {
    ids,
  });
  counts.deleted = removed.records[0]?.get('deleted').toNumber() ?? 0;

  // Relationship types cannot be parameters: each type key comes from the validated catalogue and
  // matches ^[A-Z][A-Z0-9_]*$, and is backtick-quoted besides.
  for (const type of data.relationTypes) {
    const rows = data.relations
      .filter((r) => r.type === type.key)
      .map((r) =>
        row(relationId(r.subject, r.type, r.object), {
          id: relationId(r.subject, r.type, r.object),
          confidence: r.confidence,
          sources: r.sources.map(sourceRefKey),
          provenance: provenance(r.sources),
          subject: r.subject,
          object: r.object,
        }),
      );
    counts.byType[type.key] = rows.length;
    if (rows.length === 0) continue;
    const result = await tx.run(
      `UNWIND $rows AS row
       MATCH (a:Concept {id: row.props.subject}), (b:Concept {id: row.props.object})
       MERGE (a)-[r:\`${type.key}\`]->(b)
       WITH r, row, r.seedHash IS NULL AS created, coalesce(r.seedHash <> row.hash, true) AS changed
       WHERE changed
       SET r.id = row.props.id, r.confidence = row.props.confidence, r.sources = row.props.sources,
           r.provenance = row.props.provenance, r.seedHash = row.hash, r.seedOwned = true
       RETURN count(CASE WHEN created THEN 1 END) AS created, count(CASE WHEN NOT created THEN 1 END) AS updated`,
      { rows },
    );
    counts.created += result.records[0]?.get('created').toNumber() ?? 0;
    counts.updated += result.records[0]?.get('updated').toNumber() ?? 0;
  }
  counts.unchanged = data.relations.length - counts.created - counts.updated;
  return counts;
}

/** Applies the seed: schema first (idempotent), then all data in one write transaction. */
export async function applySeed(db: GraphDatabase, data: SeedData): Promise<SeedReport> {
  const started = performance.now();
  await ensureGraphSchema(
    db,
    data.relationTypes.map((t) => t.key),
  );
  const nodes = nodeRows(data);
  const labels = ['Category', 'Source', 'RelationType', 'Concept'] as const;
  const report = await db.writeTransaction(async (tx) => {
    const counts = {} as Record<(typeof labels)[number], ElementCounts>;
    for (const label of labels) counts[label] = await mergeNodes(tx, label, nodes[label].keyProp, nodes[label].rows);
    // Relations after their concepts exist; stale concepts are removed after their relations are.
    const relations = await upsertRelations(tx, data);
    for (const label of [...labels].reverse()) await removeStaleNodes(tx, label, nodes[label].keyProp, nodes[label].rows, counts[label]);
    const all = [...Object.values(counts), relations];
    const changed = all.some((c) => c.created + c.updated + c.deleted + c.released > 0);
    // Cached replies are keyed by this version: it changes in the same transaction as the data.
    await stampGraphVersion(tx, newGraphVersion(data), changed);
    return {
      categories: counts.Category,
      sources: counts.Source,
      relationTypes: counts.RelationType,
      concepts: counts.Concept,
      relations,
      changed,
    };
  });
  return { ...report, durationMs: Math.round(performance.now() - started) };
}

/** How many concepts the seed has loaded; 0 means the graph is empty of seed data. */
export async function seededConceptCount(db: GraphDatabase): Promise<number> {
  const rows = await db.read('MATCH (c:Concept) WHERE c.seedOwned = true RETURN count(c) AS n');
  return Number(rows[0]?.n ?? 0);
}
