// What the seed stores for each element: the properties of every node and relationship, and the row written
// for it (key, content hash, properties). A write over HTTP stores an element through the same functions, so
// the graph cannot tell it from a seeded one and seed:export reads both alike.
import { createHash } from 'node:crypto';
import { parseSourceRefKey, relationId, sourceRefKey } from '../graph/ids.js';
import { normalizeTerm } from '../graph/text.js';
import { conceptFieldProperties } from './concept-fields.js';
import type { Category, ConceptDef, RelationDef, RelationTypeDef, SeedData, Source } from './schema.js';
import { provenanceOf } from './schema.js';

export interface Row {
  key: string;
  hash: string;
  props: Record<string, unknown>;
}

/** The content hash stored as `seedHash`: the seed writes only elements whose hash differs from the graph's. */
export function hashOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}

export function row(key: string, props: Record<string, unknown>): Row {
  return { key, hash: hashOf(props), props };
}

type Provenance = ReturnType<ReturnType<typeof provenanceOf>>;

/** A concept node's properties: its own fields (concept-fields.ts) and what search and filters derive from them. */
export function conceptProperties(c: ConceptDef, provenance: Provenance): Record<string, unknown> {
  return {
    ...conceptFieldProperties(c),
    aliasText: [...c.aliases.en, ...c.aliases.ko].join(' | '),
    searchKeys: [...new Set([c.id, c.name.en, c.name.ko, ...c.aliases.en, ...c.aliases.ko].map(normalizeTerm))],
    provenance,
  };
}

/** A relationship's properties; its type is the relationship's own. A relation without `askedAs` stores none (null removes them). */
export function relationProperties(r: RelationDef, provenance: Provenance): Record<string, unknown> {
  const id = relationId(r.subject, r.type, r.object);
  return {
    id,
    confidence: r.confidence,
    sources: r.sources.map(sourceRefKey),
    provenance,
    subject: r.subject,
    object: r.object,
    askedAsEn: r.askedAs?.en ?? null,
    askedAsKo: r.askedAs?.ko ?? null,
  };
}

/**
 * A relation in seed form from its stored properties (subject and object ids, type, confidence, sources as
 * `source#section` keys, askedAsEn/Ko), its fields in the order relations.yaml writes them. The inverse of
 * relationProperties: seed:export and the HTTP writes read relations back through it.
 */
export function relationFromProperties(p: Record<string, unknown>): RelationDef {
  const sources = (Array.isArray(p.sources) ? p.sources : []).map((key) => {
    const { source, section } = parseSourceRefKey(String(key));
    return section === null ? { source } : { source, section };
  });
  return {
    subject: String(p.subject),
    type: String(p.type),
    object: String(p.object),
    confidence: Number(p.confidence),
    ...askedAsFromProperties(p),
    sources,
  };
}

/** A relation's `askedAs` from its stored properties (askedAsEn, askedAsKo), or nothing when it has none. */
export function askedAsFromProperties(p: Record<string, unknown>): Pick<RelationDef, 'askedAs'> {
  const en = Array.isArray(p.askedAsEn) ? p.askedAsEn.map(String) : undefined;
  const ko = Array.isArray(p.askedAsKo) ? p.askedAsKo.map(String) : undefined;
  return en || ko ? { askedAs: { en: en ?? [], ko: ko ?? [] } } : {};
}

function categoryRow(c: Category, order: number): Row {
  return row(c.id, {
    id: c.id,
    nameEn: c.name.en,
    nameKo: c.name.ko,
    descriptionEn: c.description.en,
    descriptionKo: c.description.ko,
    order,
  });
}

function sourceRow(s: Source, order: number): Row {
  return row(s.id, {
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
  });
}

function relationTypeRow(t: RelationTypeDef, order: number): Row {
  return row(t.key, {
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
  });
}

/** Rows per node label, keyed by the label's id property. Labels are fixed here, never taken from input. */
export function nodeRows(data: SeedData) {
  const provenance = provenanceOf(data.sources);
  return {
    Category: { keyProp: 'id', rows: data.categories.map(categoryRow) },
    Source: { keyProp: 'id', rows: data.sources.map(sourceRow) },
    RelationType: { keyProp: 'key', rows: data.relationTypes.map(relationTypeRow) },
    Concept: { keyProp: 'id', rows: data.concepts.map((c) => row(c.id, conceptProperties(c, provenance(c.sources)))) },
  } as const;
}

/** Rows of the relations, per relation type (every type of the catalogue has an entry, maybe empty). */
export function relationRows(data: SeedData): Map<string, Row[]> {
  const provenance = provenanceOf(data.sources);
  const byType = new Map<string, Row[]>(data.relationTypes.map((type) => [type.key, []]));
  for (const r of data.relations) {
    const props = relationProperties(r, provenance(r.sources));
    byType.get(r.type)?.push(row(props.id as string, props));
  }
  return byType;
}
