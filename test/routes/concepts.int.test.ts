import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { graphFingerprint } from '../helpers/app.js';
import { type Concept, expectProblem, type Neighborhood, type Page, type Relation } from '../helpers/replies.js';
import { useSeededApp } from '../helpers/seeded-app.js';

const injection = "'; MATCH (n) DETACH DELETE n //";

const { app, db, get } = useSeededApp();

/** Follows nextCursor from the first page to the last, keeping every page. */
async function allPages<T>(url: string): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  let cursor: string | null = null;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const reply = await get(cursor === null ? url : `${url}${separator}cursor=${encodeURIComponent(cursor)}`);
    expect(reply.statusCode, reply.body).toBe(200);
    const page = reply.json<Page<T>>();
    pages.push(page);
    cursor = page.nextCursor;
    if (pages.length > 500) throw new Error(`${url} never reaches a last page`);
  } while (cursor !== null);
  return pages;
}

async function idsFromDb(cypher: string, params: Record<string, unknown> = {}): Promise<string[]> {
  const rows = await db().read(cypher, params);
  return rows.map((row) => String(row.id)).sort();
}

const sorted = (ids: string[]) => [...ids].sort();

/** Runs a request that must be refused and shows that the graph is exactly as before. */
async function expectRefusedWithoutChange(url: string, status: number, code: string) {
  const before = await graphFingerprint(db());
  expectProblem(await get(url), status, code);
  expect(await graphFingerprint(db())).toEqual(before);
}

/** Replaces one character of `text` at `index` with another character of the base64url alphabet. */
function alter(text: string, index: number): string {
  const at = index < 0 ? text.length + index : index;
  return `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
}

describe('GET /v1/concepts', () => {
  it('lists 20 concepts by default, ordered by id, with a cursor to the next page', async () => {
    const reply = await get('/v1/concepts');
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const page = reply.json<Page<Concept>>();
    expect(page.items).toHaveLength(20);
    const ids = page.items.map((c) => c.id);
    expect(ids).toEqual(sorted(ids));
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it('walks every concept in pages of 7 with no duplicate and no gap', async () => {
    const expected = await idsFromDb('MATCH (c:Concept) RETURN c.id AS id');
    const pages = await allPages<Concept>('/v1/concepts?limit=7');
    const ids = pages.flatMap((page) => page.items.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(sorted(ids)).toEqual(expected);
    expect(pages).toHaveLength(Math.ceil(expected.length / 7));
    for (const page of pages) expect(page.items.length).toBeLessThanOrEqual(7);
    expect(pages.at(-1)?.nextCursor).toBeNull();
  });

  it('gives concepts in both languages with aliases, summary, tags and cited sources', async () => {
    const page = (await get('/v1/concepts?category=platform')).json<Page<Concept>>();
    const docker = page.items.find((c) => c.id === 'docker');
    expect(docker).toMatchObject({
      name: { en: 'Docker', ko: '도커' },
      category: 'platform',
      aliases: { en: expect.arrayContaining(['Docker platform']), ko: expect.arrayContaining(['도커 플랫폼']) },
      summary: { en: expect.stringContaining('container'), ko: expect.stringContaining('컨테이너') },
      tags: expect.arrayContaining(['fundamentals']),
    });
    expect(docker?.sources).toContainEqual(
      expect.objectContaining({ sourceId: 'notes', url: null, section: expect.objectContaining({ id: 'what-is-docker' }) }),
    );
    expect(docker?.sources).toContainEqual(
      expect.objectContaining({ sourceId: 'subicura-docker-guide', url: expect.stringMatching(/^https:\/\//) }),
    );
  });

  it('filters by category, across pages, to exactly the concepts of that category', async () => {
    const expected = await idsFromDb("MATCH (c:Concept {category: 'runtime'}) RETURN c.id AS id");
    const pages = await allPages<Concept>('/v1/concepts?category=runtime&limit=2');
    const items = pages.flatMap((page) => page.items);
    expect(items.filter((c) => !(c.category === 'runtime'))).toEqual([]);
    expect(sorted(items.map((c) => c.id))).toEqual(expected);
  });

  it('filters by tag to exactly the concepts carrying it', async () => {
    const expected = await idsFromDb("MATCH (c:Concept) WHERE 'cncf' IN c.tags RETURN c.id AS id");
    expect(expected.length).toBeGreaterThan(0);
    const page = (await get('/v1/concepts?tag=cncf&limit=100')).json<Page<Concept>>();
    expect(sorted(page.items.map((c) => c.id))).toEqual(expected);
    expect(page.items.filter((c) => !c.tags.includes('cncf'))).toEqual([]);
  });

  it('returns an empty page for a tag nobody carries', async () => {
    const reply = await get('/v1/concepts?tag=no-such-tag');
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ items: [], nextCursor: null });
  });

  describe('cursors', () => {
    let cursor: string;
    beforeAll(async () => {
      cursor = (await get('/v1/concepts?category=runtime&limit=2')).json<Page<Concept>>().nextCursor!;
      expect(cursor).toEqual(expect.any(String));
    });

    it('continues the listing it came from when the page size changes', async () => {
      const reply = await get(`/v1/concepts?category=runtime&limit=3&cursor=${encodeURIComponent(cursor)}`);
      expect(reply.statusCode).toBe(200);
      expect(reply.json<Page<Concept>>().items.filter((c) => !(c.category === 'runtime'))).toEqual([]);
    });

    it.each([
      ['another category', '/v1/concepts?category=platform&limit=2'],
      ['no category', '/v1/concepts?limit=2'],
      ['an added tag', '/v1/concepts?category=runtime&tag=cncf&limit=2'],
      ["another route's listing", '/v1/relations?limit=2'],
      ["a concept's relations", '/v1/concepts/container/relations?limit=2'],
    ])('refuses a cursor reused with %s with 400 INVALID_CURSOR', async (_name, url) => {
      expectProblem(await get(`${url}&cursor=${encodeURIComponent(cursor)}`), 400, 'INVALID_CURSOR');
    });

    it.each([
      ['random base64', () => randomBytes(48).toString('base64')],
      ['random base64url with a dot', () => `${randomBytes(40).toString('base64url')}.${randomBytes(12).toString('base64url')}`],
      ['a character of the body altered', () => alter(cursor, 5)],
      ['the last character of the body altered', () => alter(cursor, cursor.indexOf('.') - 1)],
      ['a character of the signature altered', () => alter(cursor, -3)],
      ['the signature cut short', () => cursor.slice(0, -2)],
      ['the signature dropped', () => cursor.slice(0, cursor.indexOf('.'))],
      ['a third segment', () => `${cursor}.${cursor}`],
      ['only a dot', () => '.'],
      ['characters outside base64', () => '!!!!.????'],
    ])('refuses a forged cursor (%s) with 400 INVALID_CURSOR, never 500', async (_name, forge) => {
      const reply = await app().inject({ method: 'GET', url: '/v1/concepts', query: { category: 'runtime', limit: '2', cursor: forge() } });
      expectProblem(reply, 400, 'INVALID_CURSOR');
    });

    it('refuses an empty cursor as a validation failure', async () => {
      expectProblem(await get('/v1/concepts?cursor='), 400, 'VALIDATION_FAILED');
    });
  });

  it.each([
    ['limit 0', '/v1/concepts?limit=0'],
    ['limit 101', '/v1/concepts?limit=101'],
    ['a limit that is not a number', '/v1/concepts?limit=ten'],
    ['a fractional limit', '/v1/concepts?limit=2.5'],
    ['a repeated limit', '/v1/concepts?limit=7&limit=8'],
    ['an unknown category', '/v1/concepts?category=gadget'],
    ['a tag that is not kebab-case', `/v1/concepts?tag=${encodeURIComponent(injection)}`],
    ['an unknown query key', '/v1/concepts?colour=blue'],
  ])('answers %s with 400 VALIDATION_FAILED and leaves the graph unchanged', async (_name, url) => {
    await expectRefusedWithoutChange(url, 400, 'VALIDATION_FAILED');
  });
});

describe('GET /v1/concepts/{id}', () => {
  it('returns the concept with its outgoing and incoming relations read as sentences', async () => {
    const reply = await get('/v1/concepts/containerd');
    expect(reply.statusCode).toBe(200);
    const { concept, relations } = reply.json<{ concept: Concept; relations: { outgoing: Relation[]; incoming: Relation[] } }>();
    expect(concept).toMatchObject({ id: 'containerd', name: { en: 'containerd', ko: 'containerd' }, category: 'runtime' });
    expect(relations.outgoing).toContainEqual(
      expect.objectContaining({
        id: 'containerd:IMPLEMENTS:cri',
        type: 'IMPLEMENTS',
        object: { id: 'cri', name: { en: 'Container Runtime Interface', ko: 'CRI' } },
        sentence: { en: 'containerd implements the Container Runtime Interface', ko: 'containerd는 CRI를 구현한다' },
      }),
    );
    expect(relations.incoming).toContainEqual(
      expect.objectContaining({
        id: 'kubernetes:USES:containerd',
        sentence: { en: 'Kubernetes uses containerd', ko: '쿠버네티스는 containerd를 사용한다' },
      }),
    );
    expect(relations.outgoing.filter((r) => !(r.subject.id === 'containerd'))).toEqual([]);
    expect(relations.incoming.filter((r) => !(r.object.id === 'containerd'))).toEqual([]);
    expect(sorted(relations.outgoing.map((r) => r.id))).toEqual(
      await idsFromDb("MATCH (:Concept {id: 'containerd'})-[r]->(:Concept) RETURN r.id AS id"),
    );
    expect(sorted(relations.incoming.map((r) => r.id))).toEqual(
      await idsFromDb("MATCH (:Concept {id: 'containerd'})<-[r]-(:Concept) RETURN r.id AS id"),
    );
  });

  it('returns 404 problem for an unknown concept', async () => {
    const reply = await get('/v1/concepts/dockr');
    expectProblem(reply, 404, 'CONCEPT_NOT_FOUND');
    expect(reply.json()).toMatchObject({ detail: "No concept has the id 'dockr'.", conceptId: 'dockr', instance: '/v1/concepts/dockr' });
  });

  it.each([
    ['upper-case letters', '/v1/concepts/Docker'],
    ['an underscore', '/v1/concepts/docker_daemon'],
    ['Hangul', `/v1/concepts/${encodeURIComponent('도커')}`],
    ['a Cypher injection', `/v1/concepts/${encodeURIComponent(injection)}`],
  ])('answers an id with %s with 400 VALIDATION_FAILED and leaves the graph unchanged', async (_name, url) => {
    await expectRefusedWithoutChange(url, 400, 'VALIDATION_FAILED');
  });

  describe('ETag', () => {
    it('answers a matching If-None-Match with 304 and an empty body', async () => {
      const first = await get('/v1/concepts/containerd');
      const etag = first.headers.etag;
      expect(etag).toMatch(/^"[^"]+"$/);
      const again = await get('/v1/concepts/containerd', { 'if-none-match': String(etag) });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
    });

    it('treats a weak validator of the same tag as a match', async () => {
      const etag = String((await get('/v1/concepts/containerd')).headers.etag);
      expect((await get('/v1/concepts/containerd', { 'if-none-match': `W/${etag}` })).statusCode).toBe(304);
    });

    it('answers 200 with the body when If-None-Match names another representation', async () => {
      const otherEtag = String((await get('/v1/concepts/runc')).headers.etag);
      const reply = await get('/v1/concepts/containerd', { 'if-none-match': otherEtag });
      expect(reply.statusCode).toBe(200);
      expect(reply.json()).toMatchObject({ concept: { id: 'containerd' } });
    });

    it('puts no ETag on an error reply', async () => {
      const reply = await get('/v1/concepts/dockr');
      expect(reply.statusCode).toBe(404);
      expect(reply.headers.etag).toBeUndefined();
    });
  });
});

describe('GET /v1/concepts/{id}/relations', () => {
  it('walks every relation of container in pages of 4 with no duplicate and no gap', async () => {
    const expected = await idsFromDb("MATCH (:Concept {id: 'container'})-[r]-(:Concept) RETURN r.id AS id");
    expect(expected.length).toBeGreaterThan(8);
    const pages = await allPages<Relation>('/v1/concepts/container/relations?limit=4');
    const ids = pages.flatMap((page) => page.items.map((r) => r.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(sorted(ids)).toEqual(expected);
    expect(pages).toHaveLength(Math.ceil(expected.length / 4));
    expect(ids).toEqual(sorted(ids));
  });

  it.each([
    ['out', 'subject', "MATCH (:Concept {id: 'container'})-[r]->(:Concept) RETURN r.id AS id"],
    ['in', 'object', "MATCH (:Concept {id: 'container'})<-[r]-(:Concept) RETURN r.id AS id"],
  ] as const)('with direction=%s keeps exactly the relations whose %s is the concept', async (direction, end, cypher) => {
    const pages = await allPages<Relation>(`/v1/concepts/container/relations?direction=${direction}&limit=5`);
    const items = pages.flatMap((page) => page.items);
    expect(items.filter((r) => r[end].id !== 'container')).toEqual([]);
    expect(sorted(items.map((r) => r.id))).toEqual(await idsFromDb(cypher));
  });

  it('filters by relation types, case-insensitively', async () => {
    const page = (await get('/v1/concepts/container/relations?type=creates,%20USES&limit=100')).json<Page<Relation>>();
    expect(page.items.length).toBeGreaterThan(0);
    expect(new Set(page.items.map((r) => r.type))).toEqual(new Set(['CREATES', 'USES']));
    expect(sorted(page.items.map((r) => r.id))).toEqual(
      await idsFromDb("MATCH (:Concept {id: 'container'})-[r:CREATES|USES]-(:Concept) RETURN r.id AS id"),
    );
  });

  it('returns 404 problem for an unknown concept', async () => {
    expectProblem(await get('/v1/concepts/dockr/relations'), 404, 'CONCEPT_NOT_FOUND');
  });

  it('answers an unknown relation type with 400 UNKNOWN_RELATION_TYPE naming the valid types', async () => {
    const reply = await get('/v1/concepts/container/relations?type=RUNS_INSIDE');
    expectProblem(reply, 400, 'UNKNOWN_RELATION_TYPE');
    expect(reply.json()).toMatchObject({
      detail: expect.stringContaining("'RUNS_INSIDE'"),
      validTypes: expect.arrayContaining(['IS_A', 'CONTRASTS_WITH']),
    });
  });

  it.each([
    ['another direction', '/v1/concepts/container/relations?direction=out&limit=4'],
    ['another concept', '/v1/concepts/docker/relations?limit=4'],
    ['a type filter', '/v1/concepts/container/relations?type=USES&limit=4'],
  ])('refuses a cursor reused with %s with 400 INVALID_CURSOR', async (_name, url) => {
    const cursor = (await get('/v1/concepts/container/relations?limit=4')).json<Page<Relation>>().nextCursor!;
    expectProblem(await get(`${url}&cursor=${encodeURIComponent(cursor)}`), 400, 'INVALID_CURSOR');
  });

  it.each([
    ['an unknown direction', '/v1/concepts/container/relations?direction=sideways', 'VALIDATION_FAILED'],
    ['limit 0', '/v1/concepts/container/relations?limit=0', 'VALIDATION_FAILED'],
    ['limit 101', '/v1/concepts/container/relations?limit=101', 'VALIDATION_FAILED'],
    ['an unknown query key', '/v1/concepts/container/relations?verbose=true', 'VALIDATION_FAILED'],
    [
      'a type list with a Cypher injection',
      `/v1/concepts/container/relations?type=${encodeURIComponent('USES]-() DETACH DELETE n //')}`,
      'VALIDATION_FAILED',
    ],
    ['a Cypher injection as the id', `/v1/concepts/${encodeURIComponent(injection)}/relations`, 'VALIDATION_FAILED'],
  ])('answers %s with 400 problem and leaves the graph unchanged', async (_name, url, code) => {
    await expectRefusedWithoutChange(url, 400, code);
  });
});

describe('GET /v1/concepts/{id}/neighborhood', () => {
  async function neighborhood(query: string): Promise<Neighborhood> {
    const reply = await get(`/v1/concepts/containerd/neighborhood${query}`);
    expect(reply.statusCode, reply.body).toBe(200);
    return reply.json<Neighborhood>();
  }

  function expectEdgesWithinNodes(result: Neighborhood) {
    const ids = result.nodes.map((n) => n.id);
    for (const edge of result.edges) {
      expect(ids, edge.id).toContain(edge.subject.id);
      expect(ids, edge.id).toContain(edge.object.id);
    }
  }

  it('returns the concept and its direct neighbours at depth 1, with the relations among them', async () => {
    const result = await neighborhood('?depth=1');
    const expected = await idsFromDb("MATCH (:Concept {id: 'containerd'})-[]-(x:Concept) RETURN DISTINCT x.id AS id");
    expect(result.nodes.find((n) => n.depth === 0)?.id).toBe('containerd');
    expect(sorted(result.nodes.filter((n) => n.depth === 1).map((n) => n.id))).toEqual(expected);
    expect(result.nodes.filter((n) => !(n.depth <= 1))).toEqual([]);
    expect(result.edges.map((e) => e.id)).toContain('containerd:IMPLEMENTS:cri');
    expectEdgesWithinNodes(result);
    expect(result.truncated).toBe(false);
  });

  it('reaches more concepts at depth 2, keeping every depth-1 neighbour', async () => {
    const one = await neighborhood('?depth=1');
    const two = await neighborhood('?depth=2');
    expect(two.nodes.length).toBeGreaterThan(one.nodes.length);
    expect(two.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(one.nodes.map((n) => n.id)));
    expect(Math.max(...two.nodes.map((n) => n.depth))).toBe(2);
    expect(new Set(two.nodes.map((n) => n.id)).size).toBe(two.nodes.length);
    expectEdgesWithinNodes(two);
  });

  it('says truncated when the limit cuts the neighbourhood short, and keeps to the limit', async () => {
    const result = await neighborhood('?depth=2&limit=3');
    expect(result.truncated).toBe(true);
    expect(result.nodes.length).toBeLessThanOrEqual(3);
    expect(result.nodes.map((n) => n.id)).toContain('containerd');
    expectEdgesWithinNodes(result);
  });

  it.each([1, 2, 5, 10, 30])('never returns more nodes than limit=%i, even at depth 3', async (limit) => {
    const result = await neighborhood(`?depth=3&limit=${limit}`);
    expect(result.nodes.length).toBeLessThanOrEqual(limit);
    expect(result.truncated).toBe(true);
    expectEdgesWithinNodes(result);
  });

  it('says truncated exactly when a level holds more than the budget left, and cuts that level in id order', async () => {
    const direct = await idsFromDb("MATCH (:Concept {id: 'containerd'})-[]-(x:Concept) RETURN DISTINCT x.id AS id");
    // Room for the concept and every direct neighbour: nothing is left out.
    const whole = await neighborhood(`?depth=1&limit=${direct.length + 1}`);
    expect(whole.truncated).toBe(false);
    expect(sorted(whole.nodes.filter((n) => n.depth === 1).map((n) => n.id))).toEqual(direct);
    // One place fewer: the last neighbour by id is left out, and the reply says so.
    const cut = await neighborhood(`?depth=1&limit=${direct.length}`);
    expect(cut.truncated).toBe(true);
    expect(sorted(cut.nodes.filter((n) => n.depth === 1).map((n) => n.id))).toEqual(direct.slice(0, -1));
    // The budget filled by depth 1 leaves depth 2 empty: truncated, since depth 2 had concepts to add.
    const full = await neighborhood(`?depth=2&limit=${direct.length + 1}`);
    expect(full.truncated).toBe(true);
    expect(full.nodes.filter((n) => !(n.depth <= 1))).toEqual([]);
  });

  it('follows only the named relation types', async () => {
    const result = await neighborhood('?type=IMPLEMENTS');
    expect(sorted(result.nodes.map((n) => n.id))).toEqual(['containerd', 'cri']);
    expect(result.edges.map((e) => e.type)).toEqual(['IMPLEMENTS']);
  });

  it('returns 404 problem for an unknown concept', async () => {
    expectProblem(await get('/v1/concepts/dockr/neighborhood'), 404, 'CONCEPT_NOT_FOUND');
  });

  it.each([
    ['depth 99', '/v1/concepts/containerd/neighborhood?depth=99', 'VALIDATION_FAILED'],
    ['depth 0', '/v1/concepts/containerd/neighborhood?depth=0', 'VALIDATION_FAILED'],
    ['limit 0', '/v1/concepts/containerd/neighborhood?limit=0', 'VALIDATION_FAILED'],
    ['limit 501', '/v1/concepts/containerd/neighborhood?limit=501', 'VALIDATION_FAILED'],
    ['an unknown relation type', '/v1/concepts/containerd/neighborhood?type=FRIENDS_WITH', 'UNKNOWN_RELATION_TYPE'],
    ['an unknown query key', '/v1/concepts/containerd/neighborhood?direction=out', 'VALIDATION_FAILED'],
  ])('answers %s with 400 problem and leaves the graph unchanged', async (_name, url, code) => {
    await expectRefusedWithoutChange(url, 400, code);
  });
});
