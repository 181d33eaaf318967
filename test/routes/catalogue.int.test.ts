import { describe, expect, it } from 'vitest';
import { graphFingerprint } from '../helpers/app.js';
import type { Category, RelationType, Source } from '../helpers/replies.js';
import { useSeededApp } from '../helpers/seeded-app.js';

const { db, get } = useSeededApp();

async function items<T>(url: string): Promise<T[]> {
  const reply = await get(url);
  expect(reply.statusCode, reply.body).toBe(200);
  return reply.json<{ items: T[] }>().items;
}

async function countFromDb(cypher: string): Promise<number> {
  return Number((await db().read(cypher))[0]?.n);
}

describe('GET /v1/categories', () => {
  it('lists every category with counts that sum to the number of concepts', async () => {
    const categories = await items<Category>('/v1/categories');
    const total = categories.reduce((sum, category) => sum + category.count, 0);
    expect(total).toBe(await countFromDb('MATCH (c:Concept) RETURN count(c) AS n'));
    expect(total).toBeGreaterThan(0);
  });

  it('counts each category as the database does, in both languages', async () => {
    const rows = await db().read('MATCH (c:Concept) RETURN c.category AS id, count(c) AS n');
    const expected = Object.fromEntries(rows.map((row) => [String(row.id), Number(row.n)]));
    const categories = await items<Category>('/v1/categories');
    for (const category of categories) {
      expect(category.count, category.id).toBe(expected[category.id] ?? 0);
      expect(category.name.en && category.name.ko && category.description.en && category.description.ko, category.id).toBeTruthy();
    }
    expect(categories.find((c) => c.id === 'runtime')).toMatchObject({ name: { en: 'Runtime', ko: '런타임' } });
  });
});

describe('GET /v1/relation-types', () => {
  it('lists every relation type with counts that sum to the number of relations', async () => {
    const types = await items<RelationType>('/v1/relation-types');
    const total = types.reduce((sum, type) => sum + type.count, 0);
    expect(total).toBe(await countFromDb('MATCH (:Concept)-[r]->(:Concept) RETURN count(r) AS n'));
    expect(types.map((t) => t.key).sort()).toEqual(
      (await db().read('MATCH (t:RelationType) RETURN t.key AS key')).map((row) => String(row.key)).sort(),
    );
  });

  it('gives every type four phrasings: forward and inverse, in English and Korean', async () => {
    for (const type of await items<RelationType>('/v1/relation-types')) {
      for (const template of [type.forward.en, type.forward.ko, type.inverse.en, type.inverse.ko]) {
        expect(template, type.key).toContain('{s}');
        expect(template, type.key).toContain('{o}');
      }
      expect(type.forward.en.startsWith('{s} '), type.key).toBe(true);
      expect(type.inverse.en.startsWith('{o} '), type.key).toBe(true);
      expect(type.description.en.length && type.description.ko.length, type.key).toBeTruthy();
    }
  });

  it('marks CONTRASTS_WITH as the symmetric type and REQUIRES as the learning order', async () => {
    const types = await items<RelationType>('/v1/relation-types');
    expect(types.filter((t) => t.symmetric).map((t) => t.key)).toEqual(['CONTRASTS_WITH']);
    expect(types.filter((t) => t.learningOrder).map((t) => t.key)).toEqual(['REQUIRES']);
    expect(types.find((t) => t.key === 'IMPLEMENTS')).toMatchObject({
      forward: { en: '{s} implements {o}', ko: '{s}은(는) {o}을(를) 구현한다' },
      inverse: { en: '{o} is implemented by {s}', ko: '{o}은(는) {s}에 의해 구현된다' },
      count: await countFromDb('MATCH (:Concept)-[r:IMPLEMENTS]->(:Concept) RETURN count(r) AS n'),
    });
  });

  it('answers a matching If-None-Match with 304 and an empty body', async () => {
    const etag = String((await get('/v1/relation-types')).headers.etag);
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await get('/v1/relation-types', { 'if-none-match': `"something-else", ${etag}` });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});

describe('GET /v1/sources', () => {
  it('includes the study notes with their sections, derived from the three articles', async () => {
    const sources = await items<Source>('/v1/sources');
    const notes = sources.find((s) => s.id === 'notes');
    expect(notes).toMatchObject({ kind: 'notes', url: null, language: 'ko' });
    expect(notes?.sections.length).toBeGreaterThan(10);
    expect(notes?.sections).toContainEqual({ id: 'containerd', heading: 'containerd', title: { en: 'containerd', ko: 'containerd' } });
    expect(notes?.sections).toContainEqual(expect.objectContaining({ id: 'what-is-docker', heading: 'Docker란?' }));
    for (const section of notes?.sections ?? []) expect(section.heading && section.title.en && section.title.ko, section.id).toBeTruthy();
    expect([...(notes?.derivedFrom ?? [])].sort()).toEqual(
      sources
        .filter((s) => s.kind === 'article')
        .map((s) => s.id)
        .sort(),
    );
  });

  it('includes the three articles with their URLs', async () => {
    const articles = (await items<Source>('/v1/sources')).filter((s) => s.kind === 'article');
    expect(articles.map((a) => a.url).sort()).toEqual([
      'https://gngsn.tistory.com/128',
      'https://khj93.tistory.com/entry/Docker-Docker-%EA%B0%9C%EB%85%90',
      'https://subicura.com/2017/01/19/docker-guide-for-beginners-1.html',
    ]);
    for (const article of articles) expect(article.title.en && article.title.ko, article.id).toBeTruthy();
  });

  it('answers a matching If-None-Match with 304 and an empty body', async () => {
    const etag = String((await get('/v1/sources')).headers.etag);
    const again = await get('/v1/sources', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});

describe('catalogue routes take no query', () => {
  it.each(['/v1/relation-types?lang=ko', '/v1/categories?limit=5', '/v1/sources?kind=article'])(
    'answers %s with 400 VALIDATION_FAILED and leaves the graph unchanged',
    async (url) => {
      const before = await graphFingerprint(db());
      const reply = await get(url);
      expect(reply.statusCode).toBe(400);
      expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(reply.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', detail: expect.stringContaining('Unrecognized key') });
      expect(await graphFingerprint(db())).toEqual(before);
    },
  );
});
