import { describe, expect, it } from 'vitest';
import { graphFingerprint } from '../helpers/app.js';
import { expectProblem, type SearchHit } from '../helpers/replies.js';
import { useSeededApp } from '../helpers/seeded-app.js';

const injection = "'; MATCH (n) DETACH DELETE n //";

const { app, db } = useSeededApp();

function search(query: Record<string, string>, headers: Record<string, string> = {}) {
  return app().inject({ method: 'GET', url: '/v1/search', query, headers });
}

async function hits(q: string, limit = 10): Promise<SearchHit[]> {
  const reply = await search({ q, limit: String(limit) });
  expect(reply.statusCode, reply.body).toBe(200);
  return reply.json<{ items: SearchHit[] }>().items;
}

const ids = (found: SearchHit[]) => found.map((hit) => hit.concept.id);

describe('GET /v1/search', () => {
  it('answers "what is 도커 데몬?" with docker-daemon first, as an exact name match', async () => {
    const [first] = await hits('도커 데몬');
    expect(first).toMatchObject({
      concept: { id: 'docker-daemon', name: { en: 'Docker daemon', ko: '도커 데몬' } },
      matched: { field: 'name', how: 'exact', text: '도커 데몬' },
    });
    expect(first?.score).toBeGreaterThanOrEqual(0.9);
    expect(first?.concept.summary.ko.length).toBeGreaterThan(0);
  });

  it('still puts docker-daemon first when the whole question is asked', async () => {
    expect(ids(await hits('what is 도커 데몬?'))[0]).toBe('docker-daemon');
  });

  it('finds container and containerd for the prefix "contai", ahead of longer names', async () => {
    const found = await hits('contai');
    expect(ids(found).slice(0, 2).sort()).toEqual(['container', 'containerd']);
    expect(found[0]?.matched.how).toBe('prefix');
    expect(found.slice(0, 2).filter((hit) => !(hit.score >= 0.6))).toEqual([]);
  });

  it.each([
    ['저수준 런타임', 'low-level-container-runtime'],
    ['union fs', 'union-file-system'],
    ['UnionFS', 'union-file-system'],
    ['k8s', 'kubernetes'],
    ['dockerd', 'docker-daemon'],
    ['containerd', 'containerd'],
    ['컨테이너', 'container'],
  ])('finds the concept "%s" names first', async (q, id) => {
    expect(ids(await hits(q))[0]).toBe(id);
  });

  it.each([
    ['contaienr', 'container'],
    ['kubernets', 'kubernetes'],
    ['contianerd', 'containerd'],
    // Two edits: found by the wider second pass, run only when one edit finds no name the query is a typo of.
    ['kubarnetis', 'kubernetes'],
    ['hypervizer', 'hypervisor'],
  ])('still finds %s -> %s in the top 3 despite the typo', async (q, id) => {
    const found = await hits(q);
    expect(ids(found).slice(0, 3)).toContain(id);
    expect(found.find((hit) => hit.concept.id === id)?.matched.how).toBe('fuzzy');
  });

  it('finds a concept by words of its summary when no name matches, scored below name matches', async () => {
    const [first] = await hits('behaves identically');
    expect(first).toMatchObject({
      concept: { id: 'application' },
      matched: { field: 'summary', how: 'text', text: 'behaves identically' },
    });
    expect(first?.score).toBeLessThan(0.3);
  });

  it.each(['Docker', 'docker cli', 'contai', 'kubernets', '저수준 런타임'])(
    'reports, for "%s", a name or alias of the concept as the matched text',
    async (q) => {
      for (const hit of (await hits(q)).filter((h) => h.matched.field !== 'summary')) {
        const { concept } = hit;
        const names = [concept.name.en, concept.name.ko, ...concept.aliases.en, ...concept.aliases.ko];
        expect(names, `${hit.concept.id} matched ${hit.matched.field} '${hit.matched.text}'`).toContain(hit.matched.text);
      }
    },
  );

  it('ranks best first, scores within 0..1, and keeps to the limit', async () => {
    const found = await hits('docker', 5);
    expect(found.length).toBe(5);
    const scores = found.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores.filter((score) => !(score >= 0 && score <= 1))).toEqual([]);
    expect(new Set(ids(found)).size).toBe(found.length);
    expect(ids(found)[0]).toBe('docker');
  });

  it('returns an empty list when nothing matches', async () => {
    const reply = await search({ q: 'zzqqxxjj' });
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ items: [] });
  });

  it('accepts a query of exactly 200 characters', async () => {
    expect((await search({ q: 'a'.repeat(200) })).statusCode).toBe(200);
  });

  it.each([
    ['an empty q', { q: '' }],
    ['a q of only spaces', { q: '   ' }],
    ['a q of 201 characters', { q: 'a'.repeat(201) }],
    ['no q', {}],
    ['limit 0', { q: 'docker', limit: '0' }],
    ['limit 51', { q: 'docker', limit: '51' }],
    ['an unknown query key', { q: 'docker', lang: 'ko' }],
  ])('answers %s with 400 VALIDATION_FAILED and leaves the graph unchanged', async (_name, query) => {
    const before = await graphFingerprint(db());
    expectProblem(await search(query), 400, 'VALIDATION_FAILED');
    expect(await graphFingerprint(db())).toEqual(before);
  });

  it.each([injection, '"', '*', 'a~', 'docker AND NOT', '(containerd OR', 'title:docker', '\\', '🐳'])(
    'treats %s as plain text: a 200 reply and an unchanged graph',
    async (q) => {
      const before = await graphFingerprint(db());
      const reply = await search({ q });
      expect(reply.statusCode, reply.body).toBe(200);
      expect(reply.json()).toEqual({ items: expect.any(Array) });
      expect(await graphFingerprint(db())).toEqual(before);
    },
  );

  describe('never answers 500, whatever the text', () => {
    const hostile: [string, string][] = [
      ['56 × ㌖ (each six characters after NFKC)', '㌖'.repeat(56)],
      [
        '200 characters of mixed scripts, symbols and Lucene syntax',
        'docker 도커 ~*?:\\ "runc" AND OR NOT (containerd) 컨테이너 런타임 ^2 [a TO z] '.repeat(4).slice(0, 200),
      ],
      ['200 × U+FDFA (eighteen characters each after NFKC)', '\uFDFA'.repeat(200)],
      ['long words that would make huge fuzzy automata', 'kubernetesdockercontainerdruncsandbox'.repeat(5).slice(0, 199)],
    ];
    it.each(hostile)('answers %s with 200 or a 400 problem within 2 s', async (_name, q) => {
      const started = performance.now();
      const reply = await search({ q });
      const elapsed = performance.now() - started;
      expect([200, 400], reply.body).toContain(reply.statusCode);
      if (reply.statusCode === 400) {
        expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(reply.json().code).toBe('VALIDATION_FAILED');
        expect(reply.json().detail).toMatch(/characters|words/);
      }
      expect(elapsed).toBeLessThan(2_000);
    });

    it('counts the length after Unicode normalisation', async () => {
      const reply = await search({ q: '㌖'.repeat(56) });
      expect(reply.statusCode).toBe(400);
      expect(reply.body).toContain('after Unicode normalisation');
    });
  });

  it('answers a matching If-None-Match with 304 and an empty body', async () => {
    const first = await search({ q: '도커 데몬' });
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await search({ q: '도커 데몬' }, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await search({ q: 'containerd' }, { 'if-none-match': etag })).statusCode).toBe(200);
  });
});
