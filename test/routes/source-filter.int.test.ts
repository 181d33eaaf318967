// `source=notes|background` on every route that lists concepts or relations. What each source holds is worked
// out from graph-seed/ itself (src/seed/load.ts and provenanceOf), not from the database the routes read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relationId } from '../../src/graph/ids.js';
import { loadSeed } from '../../src/seed/load.js';
import { provenanceOf } from '../../src/seed/schema.js';
import { type Concept, expectProblem, type Neighborhood, type Page, type Relation, type SearchHit } from '../helpers/replies.js';
import { useSeededApp } from '../helpers/seeded-app.js';

type Source = 'notes' | 'background';
const sources: Source[] = ['notes', 'background'];

const { db, get } = useSeededApp();

interface SeedRelation {
  id: string;
  subject: string;
  object: string;
  provenance: Source;
}

/** Each concept's and relation's source as the seed files give it. */
let conceptSource: Map<string, Source>;
let seedRelations: SeedRelation[];

beforeAll(async () => {
  const data = await loadSeed('graph-seed');
  const provenance = provenanceOf(data.sources);
  conceptSource = new Map(data.concepts.map((c) => [c.id, provenance(c.sources)]));
  seedRelations = data.relations.map((r) => ({
    id: relationId(r.subject, r.type, r.object),
    subject: r.subject,
    object: r.object,
    provenance: provenance(r.sources),
  }));
});

const sourceOf = (id: string): Source => {
  const source = conceptSource.get(id);
  if (!source) throw new Error(`${id} is not a concept of the seed`);
  return source;
};

/** The rule the README states: a notes relation needs both ends from the notes; a background one brings its ends. */
function shownFor(source: Source, relation: Pick<Relation, 'provenance'> & { subject: { id: string }; object: { id: string } }): boolean {
  if (relation.provenance !== source) return false;
  return source === 'background' || (sourceOf(relation.subject.id) === 'notes' && sourceOf(relation.object.id) === 'notes');
}

const sorted = (ids: string[]) => [...ids].sort();

async function json<T>(url: string): Promise<T> {
  const reply = await get(url);
  expect(reply.statusCode, reply.body).toBe(200);
  return reply.json<T>();
}

/** Every item of a listing, following nextCursor to the last page. */
async function everyItem<T>(url: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 500; pages++) {
    const page: Page<T> = await json(cursor === null ? url : `${url}&cursor=${encodeURIComponent(cursor)}`);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error(`${url} never reaches a last page`);
}

/** The notes concept with the most background relations: a view of it differs by source. */
function mixedConcept(): string {
  const counts = new Map<string, number>();
  for (const r of seedRelations.filter((r) => r.provenance === 'background')) {
    for (const end of [r.subject, r.object]) if (sourceOf(end) === 'notes') counts.set(end, (counts.get(end) ?? 0) + 1);
  }
  const [best] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (!best) throw new Error('the seed has no background relation touching a notes concept');
  return best[0];
}

describe('the seed has both sources (so the filters below are not vacuous)', () => {
  it('holds notes and background concepts and relations', () => {
    for (const source of sources) {
      expect([...conceptSource.values()].filter((s) => s === source).length, source).toBeGreaterThan(10);
      expect(seedRelations.filter((r) => r.provenance === source).length, source).toBeGreaterThan(10);
    }
  });
});

describe('GET /v1/relations?source=', () => {
  it('source=notes returns exactly the relations the notes support, walked page by page', async () => {
    const expected = seedRelations
      .filter((r) => r.provenance === 'notes' && sourceOf(r.subject) === 'notes' && sourceOf(r.object) === 'notes')
      .map((r) => r.id);
    const items = await everyItem<Relation>('/v1/relations?source=notes&limit=37');
    expect(sorted(items.map((r) => r.id))).toEqual(sorted(expected));
    expect(items.map((r) => r.id)).toContain('containerd:IMPLEMENTS:cri');
    expect(new Set(items.map((r) => r.provenance))).toEqual(new Set(['notes']));
  });

  it('source=background returns exactly the background relations, and with notes covers the whole listing', async () => {
    const items = await everyItem<Relation>('/v1/relations?source=background&limit=100');
    expect(sorted(items.map((r) => r.id))).toEqual(sorted(seedRelations.filter((r) => r.provenance === 'background').map((r) => r.id)));
    expect(items.filter((r) => !(r.provenance === 'background'))).toEqual([]);
    const notes = await everyItem<Relation>('/v1/relations?source=notes&limit=100');
    const all = await everyItem<Relation>('/v1/relations?limit=100');
    expect(sorted([...notes, ...items].map((r) => r.id))).toEqual(sorted(all.map((r) => r.id)));
  });

  it.each([
    ['a subject', (id: string) => `subject=${id}`],
    ['an object', (id: string) => `object=${id}`],
    ['a subject and types', (id: string) => `subject=${id}&type=USES,PART_OF,RUNS_ON,IS_A,PROVIDES,REQUIRES`],
    ['types only', () => 'type=USES,PART_OF'],
  ])('with %s, keeps exactly the relations of the unfiltered listing that the source shows', async (_name, query) => {
    const id = mixedConcept();
    const all = await everyItem<Relation>(`/v1/relations?${query(id)}&limit=100`);
    for (const source of sources) {
      const filtered = await everyItem<Relation>(`/v1/relations?${query(id)}&source=${source}&limit=100`);
      expect(filtered.map((r) => r.id)).toEqual(all.filter((r) => shownFor(source, r)).map((r) => r.id));
    }
  });

  it('shows a background relation between two notes concepts under background only', async () => {
    const between = seedRelations.find(
      (r) => r.provenance === 'background' && sourceOf(r.subject) === 'notes' && sourceOf(r.object) === 'notes',
    );
    if (!between) return expect.fail('the seed has no background relation between two notes concepts');
    const query = `subject=${between.subject}&object=${between.object}`;
    expect((await json<Page<Relation>>(`/v1/relations?${query}&source=background`)).items.map((r) => r.id)).toContain(between.id);
    expect((await json<Page<Relation>>(`/v1/relations?${query}&source=notes`)).items.map((r) => r.id)).not.toContain(between.id);
  });

  it('refuses a cursor of one source with another source, or with none, as 400 INVALID_CURSOR', async () => {
    const { nextCursor } = await json<Page<Relation>>('/v1/relations?source=notes&limit=2');
    expect(nextCursor).not.toBeNull();
    const cursor = encodeURIComponent(String(nextCursor));
    expectProblem(await get(`/v1/relations?source=background&limit=2&cursor=${cursor}`), 400, 'INVALID_CURSOR');
    expectProblem(await get(`/v1/relations?limit=2&cursor=${cursor}`), 400, 'INVALID_CURSOR');
  });
});

describe('GET /v1/concepts?source=', () => {
  it.each(sources)('source=%s lists exactly the concepts of that source, page by page, and nothing else', async (source) => {
    const items = await everyItem<Concept>(`/v1/concepts?source=${source}&limit=13`);
    const expected = [...conceptSource].filter(([, s]) => s === source).map(([id]) => id);
    expect(items.map((c) => c.id)).toEqual(sorted(expected));
    expect(items.filter((c) => !(c.provenance === source))).toEqual([]);
  });

  it('includes concepts known to come from each source, and together they cover the unfiltered listing', async () => {
    const notes = await everyItem<Concept>('/v1/concepts?source=notes&limit=100');
    const background = await everyItem<Concept>('/v1/concepts?source=background&limit=100');
    expect(notes.map((c) => c.id)).toEqual(expect.arrayContaining(['containerd', 'runc', 'docker-daemon']));
    expect(background.map((c) => c.id)).toEqual(expect.arrayContaining(['docker-hub', 'podman']));
    const all = await everyItem<Concept>('/v1/concepts?limit=100');
    expect(sorted([...notes, ...background].map((c) => c.id))).toEqual(all.map((c) => c.id));
  });

  it('combines with category and tag', async () => {
    const all = await everyItem<Concept>('/v1/concepts?category=runtime&limit=100');
    const tagged = all.find((c) => c.tags.length > 0)?.tags[0] ?? 'container-runtime';
    for (const source of sources) {
      const byCategory = await everyItem<Concept>(`/v1/concepts?category=runtime&source=${source}&limit=5`);
      expect(byCategory.map((c) => c.id)).toEqual(all.filter((c) => sourceOf(c.id) === source).map((c) => c.id));
      const byBoth = await everyItem<Concept>(`/v1/concepts?category=runtime&tag=${tagged}&source=${source}&limit=5`);
      expect(byBoth.map((c) => c.id)).toEqual(all.filter((c) => sourceOf(c.id) === source && c.tags.includes(tagged)).map((c) => c.id));
    }
    const runtimes = new Set(all.map((c) => sourceOf(c.id)));
    expect(runtimes.size, 'runtime concepts come from both sources').toBe(2);
  });

  it('gives different ETags for different sources, and 304 only for the same one', async () => {
    const tags = await Promise.all(
      ['/v1/concepts?limit=3', '/v1/concepts?limit=3&source=notes', '/v1/concepts?limit=3&source=background'].map(async (url) => {
        const reply = await get(url);
        expect(reply.statusCode).toBe(200);
        return String(reply.headers.etag);
      }),
    );
    expect(new Set(tags).size).toBe(3);
    expect((await get('/v1/concepts?limit=3&source=notes', { 'if-none-match': tags[1] ?? '' })).statusCode).toBe(304);
    expect((await get('/v1/concepts?limit=3&source=background', { 'if-none-match': tags[1] ?? '' })).statusCode).toBe(200);
  });
});

describe('GET /v1/concepts/{id}/relations?source=', () => {
  it.each(['both', 'out', 'in'])('direction=%s keeps exactly the relations the source shows', async (direction) => {
    const id = mixedConcept();
    const all = await everyItem<Relation>(`/v1/concepts/${id}/relations?direction=${direction}&limit=100`);
    const kept: Record<Source, string[]> = { notes: [], background: [] };
    for (const source of sources) {
      const filtered = await everyItem<Relation>(`/v1/concepts/${id}/relations?direction=${direction}&source=${source}&limit=3`);
      kept[source] = filtered.map((r) => r.id);
      expect(kept[source]).toEqual(all.filter((r) => shownFor(source, r)).map((r) => r.id));
    }
    if (direction === 'both') {
      expect(kept.notes.length).toBeGreaterThan(0);
      expect(kept.background.length).toBeGreaterThan(0);
      expect(sorted([...kept.notes, ...kept.background])).toEqual(sorted(all.map((r) => r.id)));
    }
  });

  it('answers 404 for an unknown concept whatever the source', async () => {
    expectProblem(await get('/v1/concepts/dockr/relations?source=notes'), 404, 'CONCEPT_NOT_FOUND');
  });
});

describe('GET /v1/search?source=', () => {
  it('keeps to the source and still fills the page when the best matches come from the other one', async () => {
    const all = await json<{ items: SearchHit[] }>('/v1/search?q=container&limit=50');
    expect(new Set(all.items.map((hit) => sourceOf(hit.concept.id))).size, 'container matches both sources').toBe(2);
    for (const source of sources) {
      const { items } = await json<{ items: SearchHit[] }>(`/v1/search?q=container&limit=5&source=${source}`);
      expect(items.length).toBe(5);
      for (const hit of items) {
        expect(hit.concept.provenance, hit.concept.id).toBe(source);
        expect(sourceOf(hit.concept.id), hit.concept.id).toBe(source);
      }
      // Text scores are relative to the best row the index returns, so the order may differ from the unfiltered
      // one; the concepts may not: each is one the unfiltered search finds too, and every name match of this source
      // among its first five is kept.
      const ofSource = all.items.filter((hit) => sourceOf(hit.concept.id) === source).map((hit) => hit.concept.id);
      expect(ofSource).toEqual(expect.arrayContaining(items.map((hit) => hit.concept.id)));
      const exact = all.items.filter((hit) => sourceOf(hit.concept.id) === source && hit.score >= 0.6).slice(0, 5);
      expect(items.map((hit) => hit.concept.id)).toEqual(expect.arrayContaining(exact.map((hit) => hit.concept.id)));
    }
    expect((await json<{ items: SearchHit[] }>('/v1/search?q=container&limit=3&source=notes')).items[0]?.concept.id).toBe('container');
  });

  it('finds a background concept by its exact name only under background (or no) source', async () => {
    expect((await json<{ items: SearchHit[] }>('/v1/search?q=docker%20hub&source=background')).items[0]?.concept.id).toBe('docker-hub');
    const notes = await json<{ items: SearchHit[] }>('/v1/search?q=docker%20hub&source=notes');
    expect(notes.items.map((hit) => hit.concept.id)).not.toContain('docker-hub');
  });
});

describe('GET /v1/concepts/{id}/neighborhood?source=', () => {
  it.each(sources)('source=%s at depth 1 reaches exactly the neighbours over that source’s relations', async (source) => {
    const id = mixedConcept();
    const result = await json<Neighborhood>(`/v1/concepts/${id}/neighborhood?depth=1&source=${source}`);
    const expected = new Set<string>();
    for (const r of seedRelations) {
      if (r.subject !== id && r.object !== id) continue;
      if (shownFor(source, { provenance: r.provenance, subject: { id: r.subject }, object: { id: r.object } }))
        expected.add(r.subject === id ? r.object : r.subject);
    }
    expect(expected.size).toBeGreaterThan(0);
    expect(sorted(result.nodes.filter((n) => n.depth === 1).map((n) => n.id))).toEqual(sorted([...expected]));
    expect(result.nodes.find((n) => n.depth === 0)?.id).toBe(id);
    for (const edge of result.edges) expect(shownFor(source, edge), edge.id).toBe(true);
  });

  it('source=notes at depth 3 holds notes concepts and notes relations only', async () => {
    const result = await json<Neighborhood>('/v1/concepts/containerd/neighborhood?depth=3&source=notes');
    expect(result.nodes.length).toBeGreaterThan(10);
    for (const node of result.nodes) expect(sourceOf(node.id), node.id).toBe('notes');
    for (const edge of result.edges) expect(edge.provenance, edge.id).toBe('notes');
    const unfiltered = await json<Neighborhood>('/v1/concepts/containerd/neighborhood?depth=3');
    expect(unfiltered.nodes.some((node) => sourceOf(node.id) === 'background')).toBe(true);
  });

  it('keeps a background concept asked for under notes, alone', async () => {
    const result = await json<Neighborhood>('/v1/concepts/docker-hub/neighborhood?depth=2&source=notes');
    expect(result).toEqual({ nodes: [expect.objectContaining({ id: 'docker-hub', depth: 0 })], edges: [], truncated: false });
  });
});

describe('source names one of the two sources', () => {
  it.each([
    '/v1/concepts',
    '/v1/relations',
    '/v1/search?q=docker',
    '/v1/concepts/containerd/relations',
    '/v1/concepts/containerd/neighborhood',
  ])('%s answers an unknown source with 400 VALIDATION_FAILED problem+json', async (url) => {
    const separator = url.includes('?') ? '&' : '?';
    for (const value of ['both', 'NOTES', '', 'notes,background']) {
      const reply = await get(`${url}${separator}source=${encodeURIComponent(value)}`);
      expectProblem(reply, 400, 'VALIDATION_FAILED');
      expect(reply.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain('source');
    }
  });
});

describe('a notes relation that reaches a background concept', () => {
  // Arranged by hand: graph-seed/ has none today, but a notes view must never reach the background through one.
  const arranged = 'containerd:USES:docker-hub';
  beforeAll(async () => {
    await db().driver.executeQuery(
      `MATCH (a:Concept {id: 'containerd'}), (b:Concept {id: 'docker-hub'})
       CREATE (a)-[:USES {id: $id, confidence: 1.0, sources: ['notes#containerd'], provenance: 'notes'}]->(b)`,
      { id: arranged },
      { database: db().database },
    );
  });
  afterAll(async () => {
    await db().driver.executeQuery('MATCH ()-[r:USES {id: $id}]->() DELETE r', { id: arranged }, { database: db().database });
  });

  it('is left out of every notes view and shown unfiltered', async () => {
    // Queries no earlier test sent, so no cached reply from before the arrangement answers them.
    expect((await json<Page<Relation>>('/v1/relations?subject=containerd&type=USES&limit=99')).items.map((r) => r.id)).toContain(arranged);
    expect(
      (await json<Page<Relation>>('/v1/relations?subject=containerd&type=USES&limit=99&source=notes')).items.map((r) => r.id),
    ).not.toContain(arranged);
    expect((await everyItem<Relation>('/v1/relations?type=USES&limit=99&source=notes')).map((r) => r.id)).not.toContain(arranged);
    expect((await json<Page<Relation>>('/v1/concepts/containerd/relations?limit=99&source=notes')).items.map((r) => r.id)).not.toContain(
      arranged,
    );
    const around = await json<Neighborhood>('/v1/concepts/containerd/neighborhood?depth=1&limit=499&source=notes');
    expect(around.nodes.map((n) => n.id)).not.toContain('docker-hub');
  });
});
