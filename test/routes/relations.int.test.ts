import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { graphFingerprint } from '../helpers/app.js';
import { expectProblem, type Page, type Relation } from '../helpers/replies.js';
import { useSeededApp } from '../helpers/seeded-app.js';

const injection = "'; MATCH (n) DETACH DELETE n //";

const { app, db, get } = useSeededApp();

async function page(url: string): Promise<Page<Relation>> {
  const reply = await get(url);
  expect(reply.statusCode, reply.body).toBe(200);
  return reply.json<Page<Relation>>();
}

/** Follows nextCursor from the first page to the last, keeping every page. */
async function allPages(url: string): Promise<Page<Relation>[]> {
  const pages: Page<Relation>[] = [];
  let cursor: string | null = null;
  do {
    pages.push(await page(cursor === null ? url : `${url}&cursor=${encodeURIComponent(cursor)}`));
    cursor = pages.at(-1)!.nextCursor;
    if (pages.length > 500) throw new Error(`${url} never reaches a last page`);
  } while (cursor !== null);
  return pages;
}

async function relationIdsFromDb(cypher: string): Promise<string[]> {
  return (await db().read(cypher)).map((row) => String(row.id)).sort();
}

const ids = (relations: Relation[]) => relations.map((r) => r.id);
const sorted = (values: string[]) => [...values].sort();
/** Whether an English sentence opens with the name, after the article a common noun takes ("A container …"). */
const opensWith = (sentence: string, name: string) =>
  sentence
    .toLowerCase()
    .replace(/^(a|an|the) /u, '')
    .startsWith(name.toLowerCase());

describe('GET /v1/relations', () => {
  it('answers "what does containerd implement?" with cri, read as a sentence in both languages', async () => {
    const { items, nextCursor } = await page('/v1/relations?subject=containerd&type=IMPLEMENTS');
    expect(nextCursor).toBeNull();
    expect(items).toEqual([
      {
        id: 'containerd:IMPLEMENTS:cri',
        type: 'IMPLEMENTS',
        subject: { id: 'containerd', name: { en: 'containerd', ko: 'containerd' } },
        object: { id: 'cri', name: { en: 'Container Runtime Interface', ko: 'CRI' } },
        sentence: { en: 'containerd implements the Container Runtime Interface', ko: 'containerd는 CRI를 구현한다' },
        confidence: 1,
        sources: [expect.objectContaining({ sourceId: 'notes', section: expect.objectContaining({ id: 'containerd' }) })],
        provenance: 'notes',
      },
    ]);
  });

  it('matches relation type keys case-insensitively', async () => {
    expect(ids((await page('/v1/relations?subject=containerd&type=implements')).items)).toEqual(['containerd:IMPLEMENTS:cri']);
  });

  it('answers "what implements cri?" from the object end', async () => {
    const { items } = await page('/v1/relations?type=IMPLEMENTS&object=cri');
    expect(items.map((r) => r.subject.id).sort()).toEqual(['containerd', 'cri-dockerd', 'cri-o', 'dockershim']);
  });

  it('returns every relation of a type, each readable on its own', async () => {
    const { items } = await page('/v1/relations?type=MANAGES&limit=100');
    expect(sorted(ids(items))).toEqual(await relationIdsFromDb('MATCH (:Concept)-[r:MANAGES]->(:Concept) RETURN r.id AS id'));
    for (const relation of items) {
      expect(relation.type).toBe('MANAGES');
      expect(opensWith(relation.sentence.en, relation.subject.name.en), relation.sentence.en).toBe(true);
      expect(relation.sentence.ko.startsWith(relation.subject.name.ko), relation.sentence.ko).toBe(true);
      expect(relation.sources.length).toBeGreaterThan(0);
    }
  });

  it('matches an asymmetric relation only in its stored direction', async () => {
    expect((await page('/v1/relations?subject=cri&type=IMPLEMENTS')).items).toEqual([]);
  });

  it('returns an empty page when the subject matches no concept', async () => {
    expect(await page('/v1/relations?subject=dockr')).toEqual({ items: [], nextCursor: null });
  });

  describe('a symmetric relation (CONTRASTS_WITH)', () => {
    it.each([
      ['its stored subject', 'subject=container', 'container', 'virtual-machine'],
      ['its stored object', 'subject=virtual-machine', 'virtual-machine', 'container'],
      ['the object filter on the stored object', 'object=virtual-machine', 'container', 'virtual-machine'],
      ['the object filter on the stored subject', 'object=container', 'virtual-machine', 'container'],
      ['both ends, in reverse order', 'subject=virtual-machine&object=container', 'virtual-machine', 'container'],
    ])('matches from %s and reads from the end asked for', async (_name, filter, subject, object) => {
      const { items } = await page(`/v1/relations?${filter}&type=CONTRASTS_WITH`);
      const relation = items.find((item) => item.id === 'container:CONTRASTS_WITH:virtual-machine');
      expect(relation).toMatchObject({ subject: { id: subject }, object: { id: object } });
      expect(opensWith(relation!.sentence.en, relation!.subject.name.en)).toBe(true);
      // Every match is read from the end the filter names.
      for (const item of items) {
        if (filter.includes('subject=')) expect(item.subject.id).toBe(subject);
        else expect(item.object.id).toBe(object);
      }
    });

    it('reads "A virtual machine contrasts with a container" when asked from the virtual machine', async () => {
      const { items } = await page('/v1/relations?subject=virtual-machine&type=CONTRASTS_WITH');
      expect(items[0]?.sentence).toEqual({ en: 'A virtual machine contrasts with a container', ko: '가상 머신은 컨테이너와 대비된다' });
    });

    it('is listed once when no end is given', async () => {
      const { items } = await page('/v1/relations?type=CONTRASTS_WITH&limit=100');
      expect(ids(items)).toEqual(await relationIdsFromDb('MATCH (:Concept)-[r:CONTRASTS_WITH]->(:Concept) RETURN r.id AS id'));
    });
  });

  describe('pagination', () => {
    it('walks every relation in pages of 13 with no duplicate and no gap, ordered by id', async () => {
      const expected = await relationIdsFromDb('MATCH (:Concept)-[r]->(:Concept) RETURN r.id AS id');
      const pages = await allPages('/v1/relations?limit=13');
      const walked = pages.flatMap((p) => ids(p.items));
      expect(new Set(walked).size).toBe(walked.length);
      expect(sorted(walked)).toEqual(expected);
      expect(walked).toEqual(sorted(walked));
      expect(pages).toHaveLength(Math.ceil(expected.length / 13));
      expect(pages.slice(0, -1).filter((p) => !(p.items.length === 13))).toEqual([]);
    });

    it('walks a filtered listing to exactly the matching relations', async () => {
      const expected = await relationIdsFromDb('MATCH (:Concept)-[r:USES|REQUIRES]->(:Concept) RETURN r.id AS id');
      const walked = (await allPages('/v1/relations?type=USES,REQUIRES&limit=9')).flatMap((p) => ids(p.items));
      expect(new Set(walked).size).toBe(walked.length);
      expect(sorted(walked)).toEqual(expected);
    });

    it.each([
      ['another type', '/v1/relations?type=IS_A&limit=2'],
      ['no type', '/v1/relations?limit=2'],
      ['an added subject', '/v1/relations?type=USES&subject=docker&limit=2'],
      ['an added object', '/v1/relations?type=USES&object=container&limit=2'],
      ["a concept's relations", '/v1/concepts/container/relations?type=USES&limit=2'],
      ['the concept listing', '/v1/concepts?limit=2'],
    ])('refuses a cursor reused with %s with 400 INVALID_CURSOR', async (_name, url) => {
      const cursor = (await page('/v1/relations?type=USES&limit=2')).nextCursor!;
      expect(cursor).toEqual(expect.any(String));
      expectProblem(await get(`${url}&cursor=${encodeURIComponent(cursor)}`), 400, 'INVALID_CURSOR');
    });

    it.each([
      ['random base64', () => randomBytes(30).toString('base64')],
      ['random base64url halves around a dot', () => `${randomBytes(30).toString('base64url')}.${randomBytes(12).toString('base64url')}`],
      ['a real cursor with a character altered', (real: string) => `${real.slice(0, 3)}${real[3] === 'x' ? 'y' : 'x'}${real.slice(4)}`],
      [
        'a real cursor with its signature from another cursor',
        (real: string, other: string) => `${real.split('.')[0]}.${other.split('.')[1]}`,
      ],
    ])('refuses a forged cursor (%s) with 400 INVALID_CURSOR, never 500', async (_name, forge) => {
      const real = (await page('/v1/relations?limit=2')).nextCursor!;
      const other = (await page('/v1/relations?type=USES&limit=2')).nextCursor!;
      const reply = await app().inject({ method: 'GET', url: '/v1/relations', query: { limit: '2', cursor: forge(real, other) } });
      expectProblem(reply, 400, 'INVALID_CURSOR');
    });
  });

  describe('unknown relation types', () => {
    it('answers 400 UNKNOWN_RELATION_TYPE whose detail and validTypes list the catalogue', async () => {
      const catalogue = (await get('/v1/relation-types')).json<{ items: { key: string }[] }>().items.map((t) => t.key);
      const reply = await get('/v1/relations?type=RUNS_INSIDE');
      expectProblem(reply, 400, 'UNKNOWN_RELATION_TYPE');
      const body = reply.json<{ detail: string; validTypes: string[] }>();
      expect(body.validTypes).toEqual(catalogue);
      expect(body.detail).toContain("'RUNS_INSIDE'");
      for (const key of catalogue) expect(body.detail).toContain(key);
    });

    it('names every unknown key when several are given among known ones', async () => {
      const reply = await get('/v1/relations?type=USES,FOO,BAR');
      expectProblem(reply, 400, 'UNKNOWN_RELATION_TYPE');
      expect(reply.json<{ detail: string }>().detail).toMatch(/'FOO'.*'BAR'/);
    });
  });

  it.each([
    ['a Cypher injection as the subject', `/v1/relations?subject=${encodeURIComponent(injection)}`, 'VALIDATION_FAILED'],
    ['a Cypher injection as the object', `/v1/relations?object=${encodeURIComponent(injection)}`, 'VALIDATION_FAILED'],
    ['a Cypher injection as the type', `/v1/relations?type=${encodeURIComponent('USES]->() DETACH DELETE n //')}`, 'VALIDATION_FAILED'],
    ['a type key that only looks like one', '/v1/relations?type=USES%60%7CREQUIRES', 'VALIDATION_FAILED'],
    ['a well-formed but unknown type', '/v1/relations?type=DETACH_DELETE', 'UNKNOWN_RELATION_TYPE'],
    ['limit 0', '/v1/relations?limit=0', 'VALIDATION_FAILED'],
    ['limit 101', '/v1/relations?limit=101', 'VALIDATION_FAILED'],
    ['an unknown query key', '/v1/relations?predicate=USES', 'VALIDATION_FAILED'],
  ])('answers %s with 400 problem and leaves the graph unchanged', async (_name, url, code) => {
    const before = await graphFingerprint(db());
    expectProblem(await get(url), 400, code);
    expect(await graphFingerprint(db())).toEqual(before);
  });

  it('answers a matching If-None-Match with 304 and an empty body', async () => {
    const first = await get('/v1/relations?subject=containerd&type=IMPLEMENTS');
    const etag = first.headers.etag;
    expect(etag).toEqual(expect.any(String));
    const again = await get('/v1/relations?subject=containerd&type=IMPLEMENTS', { 'if-none-match': String(etag) });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});
