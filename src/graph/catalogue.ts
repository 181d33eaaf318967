// The relation-type catalogue, sources and categories as loaded from the graph: small, never the concepts. The catalogue is the only
// place relationship types for Cypher come from: request strings are matched against it, never spliced in.
import { BadRequestError } from '../errors.js';
import { must } from '../must.js';
import { type GraphDatabase, statement } from './database.js';
import { parseSourceRefKey } from './ids.js';
import { useReadings } from './language/index.js';
import { type CategoryId, type Citation, relationTypeKeyPattern, type SourceInfo } from './model.js';
import { type Props, str, strings } from './plain-rows.js';
import { type EnglishArticle, englishArticles, useArticles } from './sentences.js';

export interface RelationType {
  key: string;
  symmetric: boolean;
  learningOrder: boolean;
  hierarchy: boolean;
  description: { en: string; ko: string };
  forward: { en: string; ko: string };
  inverse: { en: string; ko: string };
  /** Question words that point at this type, for retrieval. */
  keywords: { en: string[]; ko: string[] };
}

export interface CategoryEntry {
  id: CategoryId;
  name: { en: string; ko: string };
  description: { en: string; ko: string };
}

const catalogueStatement = statement(
  'catalogue',
  `
  CALL () { MATCH (t:RelationType) WITH t LIMIT 1000 RETURN collect(t { .* }) AS types }
  CALL () { MATCH (s:Source) WITH s LIMIT 1000 RETURN collect(s { .* }) AS sources }
  CALL () { MATCH (k:Category) WITH k LIMIT 1000 RETURN collect(k { .* }) AS categories }
  CALL () { MATCH (c:Concept) WHERE c.article IS NOT NULL WITH c LIMIT 100000 RETURN collect([c.nameEn, c.article]) AS articles }
  CALL () { MATCH (c:Concept) WHERE c.reading IS NOT NULL WITH c LIMIT 100000 RETURN collect([c.nameKo, c.reading]) AS readings }
  RETURN types, sources, categories, articles, readings`,
);

const byOrder = (a: Props, b: Props) => Number(a.order ?? 0) - Number(b.order ?? 0);

export class Catalogue {
  readonly relationTypes: RelationType[];
  readonly sources: SourceInfo[];
  readonly categories: CategoryEntry[];
  private readonly typesByKey: Map<string, RelationType>;
  private readonly sourcesById: Map<string, SourceInfo>;

  constructor(relationTypes: RelationType[], sources: SourceInfo[], categories: CategoryEntry[]) {
    // Defence in depth: a key that is not UPPER_SNAKE never becomes part of a query.
    this.relationTypes = relationTypes.filter((type) => relationTypeKeyPattern.test(type.key));
    this.sources = sources;
    this.categories = categories;
    this.typesByKey = new Map(this.relationTypes.map((type) => [type.key, type]));
    this.sourcesById = new Map(sources.map((source) => [source.id, source]));
  }

  static fromRows(row: Props): Catalogue {
    const types = (row.types as Props[]).sort(byOrder).map((t) => ({
      key: str(t.key),
      symmetric: t.symmetric === true,
      learningOrder: t.learningOrder === true,
      hierarchy: t.hierarchy === true,
      description: { en: str(t.descriptionEn), ko: str(t.descriptionKo) },
      forward: { en: str(t.forwardEn), ko: str(t.forwardKo) },
      inverse: { en: str(t.inverseEn), ko: str(t.inverseKo) },
      keywords: { en: strings(t.keywordsEn), ko: strings(t.keywordsKo) },
    }));
    const sources = (row.sources as Props[]).sort(byOrder).map((s): SourceInfo => {
      const ids = strings(s.sectionIds);
      const headings = strings(s.sectionHeadings);
      const titlesEn = strings(s.sectionTitlesEn);
      const titlesKo = strings(s.sectionTitlesKo);
      const urls = Array.isArray(s.sectionUrls) ? (s.sectionUrls as unknown[]) : [];
      return {
        id: str(s.id),
        kind: s.kind === 'notes' || s.kind === 'background' ? s.kind : 'article',
        title: { en: str(s.titleEn), ko: str(s.titleKo) },
        language: s.language === 'en' ? 'en' : 'ko',
        url: typeof s.url === 'string' ? s.url : null,
        derivedFrom: strings(s.derivedFrom),
        sections: ids.map((id, i) => ({
          id,
          heading: headings[i] ?? '',
          title: { en: titlesEn[i] ?? '', ko: titlesKo[i] ?? '' },
          ...(typeof urls[i] === 'string' && urls[i] !== '' ? { url: urls[i] as string } : {}),
        })),
      };
    });
    const categories = (row.categories as Props[]).sort(byOrder).map((k) => ({
      id: str(k.id) as CategoryId,
      name: { en: str(k.nameEn), ko: str(k.nameKo) },
      description: { en: str(k.descriptionEn), ko: str(k.descriptionKo) },
    }));
    return new Catalogue(types, sources, categories);
  }

  relationType(key: string): RelationType | undefined {
    return this.typesByKey.get(key);
  }

  get learningOrderType(): RelationType | undefined {
    return this.relationTypes.find((type) => type.learningOrder);
  }

  /**
   * Resolves requested type keys against the catalogue (400 UNKNOWN_RELATION_TYPE listing the valid keys
   * otherwise). Without a request, `fallback` decides: every type, or every type but the learning order.
   */
  resolveTypes(requested: string[] | undefined, fallback: 'all' | 'descriptive' = 'all'): RelationType[] {
    if (!requested || requested.length === 0) {
      return fallback === 'all' ? this.relationTypes : this.relationTypes.filter((type) => !type.learningOrder);
    }
    const unknown = requested.filter((key) => !this.typesByKey.has(key));
    if (unknown.length > 0) {
      const valid = this.relationTypes.map((type) => type.key);
      throw new BadRequestError(
        'UNKNOWN_RELATION_TYPE',
        `Unknown relation type ${unknown.map((key) => `'${key}'`).join(', ')}. Valid types: ${valid.join(', ')}.`,
        { validTypes: valid },
      );
    }
    return [...new Set(requested)].map((key) => must(this.typesByKey.get(key), 'get'));
  }

  /** Categories come from the seed (categories.yaml), not from a fixed enum: an unknown one is a 400 like any invalid query. */
  requireCategory(id: string | undefined): void {
    if (id === undefined || this.categories.some((category) => category.id === id)) return;
    const valid = this.categories.map((category) => category.id);
    throw new BadRequestError('VALIDATION_FAILED', `Unknown category '${id}'. Valid categories: ${valid.join(', ')}.`, {
      errors: [{ in: 'querystring', path: 'category', message: `must be one of ${valid.join(', ')}` }],
    });
  }

  /** A relationship-type expression for Cypher, e.g. "`IMPLEMENTS`|`USES`", built only from catalogue keys. */
  typeExpression(types: RelationType[]): string {
    return types
      .filter((type) => this.typesByKey.get(type.key) === type)
      .map((type) => `\`${type.key}\``)
      .join('|');
  }

  /** The citation a relation's source key names; the catalogue is immutable, so each is built once and shared. */
  citation(refKey: string): Citation {
    let known = this.citations.get(refKey);
    if (!known) {
      known = this.buildCitation(refKey);
      // Keys come from relations in the graph, not from requests; the bound only guards against a graph with
      // an unusual number of distinct sections.
      if (this.citations.size < 10_000) this.citations.set(refKey, known);
    }
    return known;
  }

  private readonly citations = new Map<string, Citation>();

  private buildCitation(refKey: string): Citation {
    const { source: sourceId, section: sectionId } = parseSourceRefKey(refKey);
    const source = this.sourcesById.get(sourceId);
    const section = sectionId ? source?.sections.find((s) => s.id === sectionId) : undefined;
    return {
      sourceId,
      title: source?.title ?? { en: sourceId, ko: sourceId },
      url: section?.url ?? source?.url ?? null,
      section: section ? { id: section.id, heading: section.heading, title: section.title } : null,
    };
  }
}

/** The [Korean name, reading] pairs the catalogue statement reads, leaving out anything that is not one. */
function readingEntries(value: unknown): [string, string][] {
  return (Array.isArray(value) ? value : []).flatMap((pair: unknown) => {
    const [name, reading] = Array.isArray(pair) ? pair : [];
    return typeof name === 'string' && typeof reading === 'string' ? [[name, reading] as [string, string]] : [];
  });
}

/** The [English name, article] pairs the catalogue statement reads, leaving out anything that is not one. */
function articleEntries(value: unknown): [string, EnglishArticle][] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((pair: unknown) => {
    const [name, article] = Array.isArray(pair) ? pair : [];
    return typeof name === 'string' && englishArticles.includes(article) ? [[name, article as EnglishArticle]] : [];
  });
}

/** Loads the catalogue at most once per `ttlMs`; cheap enough to keep seed reloads visible within seconds. */
export class CatalogueCache {
  private cached: { at: number; value: Promise<Catalogue> } | undefined;

  constructor(
    private readonly db: GraphDatabase,
    private readonly ttlMs = 5_000,
  ) {}

  get(): Promise<Catalogue> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at > this.ttlMs) {
      const value = this.db.read(catalogueStatement).then((rows) => {
        const row = rows[0] ?? { types: [], sources: [], categories: [], articles: [], readings: [] };
        // Sentences are rendered from the catalogue's templates; the articles of the concepts' English names and
        // the readings of their Korean ones (which pick the particles) go with them, from the graph itself, so a
        // process that did not load the seed files, or a concept written over HTTP, renders the same.
        useArticles(articleEntries(row.articles));
        useReadings(readingEntries(row.readings));
        return Catalogue.fromRows(row);
      });
      // A failed load must not be cached.
      value.catch(() => {
        if (this.cached?.value === value) this.cached = undefined;
      });
      this.cached = { at: now, value };
    }
    return this.cached.value;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}
