// Writes over HTTP against the real Neo4j: keys and scopes, If-Match (428, 412, one winner of two), the seed's
// rules on every write (the field named, the graph unchanged), revisions, history and the change feed.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../../src/auth/keys.js';
import { graphFingerprint } from '../helpers/app.js';
import { useSeededApp } from '../helpers/seeded-app.js';

const suite = useSeededApp();
const keys = { read: '', write: '' };

beforeAll(async () => {
  keys.read = (await createKey(suite.db(), { name: 'reader', scopes: ['read'] })).key;
  keys.write = (await createKey(suite.db(), { name: 'teacher-kim', scopes: ['write'] })).key;
});

const newConcept = {
  id: 'docker-init',
  name: { en: 'docker init', ko: 'docker init' },
  aliases: { en: [], ko: [] },
  reading: '도커 이닛',
  category: 'tool',
  tags: [],
  summary: {
    en: 'A Docker CLI command that writes a starter Dockerfile and Compose file for a project.',
    ko: '프로젝트에 맞는 기본 Dockerfile과 Compose 파일을 만들어 주는 Docker CLI 명령.',
  },
  sources: [{ source: 'background', section: 'docker-overview' }],
};

type Method = 'POST' | 'PATCH' | 'DELETE' | 'GET';

function send(method: Method, url: string, options: { key?: string; body?: unknown; ifMatch?: string; type?: string } = {}) {
  const headers: Record<string, string> = {};
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  if (options.body !== undefined) headers['content-type'] = options.type ?? 'application/json';
  return suite.app().inject({ method, url, headers, ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}) });
}

async function etagOf(url: string): Promise<string> {
  const reply = await suite.get(url);
  expect(reply.statusCode).toBe(200);
  return String(reply.headers.etag);
}

describe('keys and scopes on writes', () => {
  it('answers 401 with WWW-Authenticate without a key, 403 with a read key, and writes nothing', async () => {
    const before = await graphFingerprint(suite.db());
    const anonymous = await send('POST', '/v1/concepts', { body: newConcept });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(anonymous.json().code).toBe('UNAUTHENTICATED');
    const reader = await send('POST', '/v1/concepts', { key: keys.read, body: newConcept });
    expect(reader.statusCode).toBe(403);
    expect(reader.json().code).toBe('INSUFFICIENT_SCOPE');
    expect(await graphFingerprint(suite.db())).toEqual(before);
  });
});

describe('POST, PATCH and DELETE /v1/concepts', () => {
  it('creates a concept: 201 with Location and the ETag that GET then answers with', async () => {
    const reply = await send('POST', '/v1/concepts', { key: keys.write, body: newConcept });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.headers.location).toBe('/v1/concepts/docker-init');
    // The reply is the concept as written, in seed form: what was sent, as the seed would store it.
    expect(reply.json()).toEqual(newConcept);
    const got = await suite.get('/v1/concepts/docker-init');
    expect(got.statusCode).toBe(200);
    expect(got.json().concept).toMatchObject({ id: 'docker-init', name: newConcept.name, provenance: 'background' });
    expect(got.headers.etag).toBe(reply.headers.etag);
    expect((await send('POST', '/v1/concepts', { key: keys.write, body: newConcept })).json().code).toBe('CONCEPT_EXISTS');
  });

  it('refuses a change without If-Match (428) or with a stale one (412), and applies the current one', async () => {
    const url = '/v1/concepts/docker-init';
    const patch = { summary: { en: 'A Docker CLI command that scaffolds the Docker files a project needs.' } };
    const missing = await send('PATCH', url, { key: keys.write, body: patch, type: 'application/merge-patch+json' });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('PRECONDITION_REQUIRED');
    expect((await send('PATCH', url, { key: keys.write, body: patch, ifMatch: '"not-the-etag"' })).statusCode).toBe(412);

    const etag = await etagOf(url);
    const applied = await send('PATCH', url, { key: keys.write, body: patch, ifMatch: etag, type: 'application/merge-patch+json' });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toEqual({ ...newConcept, summary: { en: patch.summary.en, ko: newConcept.summary.ko } });
    expect((await suite.get(url)).json().concept.summary).toEqual(applied.json().summary);
    expect(applied.headers.etag).not.toBe(etag);
    const stale = await send('PATCH', url, { key: keys.write, body: patch, ifMatch: etag });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('PRECONDITION_FAILED');
  });

  it('lets exactly one of two concurrent changes with the same ETag win', async () => {
    const url = '/v1/concepts/docker-init';
    const etag = await etagOf(url);
    const replies = await Promise.all(
      ['first', 'second'].map((word) =>
        send('PATCH', url, { key: keys.write, ifMatch: etag, body: { tags: [word === 'first' ? 'build' : 'images'] } }),
      ),
    );
    expect(replies.map((r) => r.statusCode).sort()).toEqual([200, 412]);
  });

  it('answers a GET with the ETag read before a write with 200 and the new body', async () => {
    const url = '/v1/concepts/docker-init';
    const etag = await etagOf(url);
    await send('PATCH', url, { key: keys.write, ifMatch: etag, body: { aliases: { en: ['docker-init command'] } } });
    const reply = await suite.get(url, { 'if-none-match': etag });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().concept.aliases.en).toEqual(['docker-init command']);
  });

  it('names the field that breaks a seed rule and changes nothing', async () => {
    const url = '/v1/concepts/docker-init';
    const before = await graphFingerprint(suite.db());
    const cases: [unknown, string][] = [
      [{ name: { ko: null } }, 'name.ko'],
      [{ sources: [{ source: 'no-such-source' }] }, 'sources'],
      [{ category: 'no-such-category' }, 'category'],
      [{ id: 'renamed' }, 'id'],
    ];
    for (const [patch, field] of cases) {
      const reply = await send('PATCH', url, { key: keys.write, ifMatch: await etagOf(url), body: patch });
      expect(reply.statusCode, JSON.stringify(patch)).toBe(400);
      expect(
        reply
          .json()
          .errors.map((e: { path: string; message: string }) => `${e.path} ${e.message}`)
          .join(' '),
      ).toContain(field);
    }
    const missingKorean = await send('POST', '/v1/concepts', {
      key: keys.write,
      body: { ...newConcept, id: 'docker-debug', name: { en: 'docker debug' } },
    });
    expect(missingKorean.statusCode).toBe(400);
    expect(JSON.stringify(missingKorean.json().errors)).toContain('name.ko');
    expect(await graphFingerprint(suite.db())).toEqual(before);
  });

  it('checks a change of category or sources against the concept’s relations', async () => {
    const url = '/v1/concepts/containerd';
    const before = await graphFingerprint(suite.db());
    // containerd IMPLEMENTS the CRI: a quality cannot implement an interface.
    const recategorised = await send('PATCH', url, { key: keys.write, ifMatch: await etagOf(url), body: { category: 'quality' } });
    expect(recategorised.statusCode, recategorised.body).toBe(400);
    expect(recategorised.json().detail).toMatch(/containerd/);
    // Relations citing the notes need both ends mentioned by the notes.
    const uncited = await send('PATCH', url, {
      key: keys.write,
      ifMatch: await etagOf(url),
      body: { sources: [{ source: 'background', section: 'docker-overview' }] },
    });
    expect(uncited.statusCode, uncited.body).toBe(400);
    expect(uncited.json().detail).toMatch(/notes never mention/);
    expect(await graphFingerprint(suite.db())).toEqual(before);
  });

  it('stores text that looks like Cypher as text', async () => {
    const hostile = "x'}) DETACH DELETE n // `; MATCH (m) SET m.x = 1 $param {{";
    const body = {
      ...newConcept,
      id: 'hostile-text',
      name: { en: hostile, ko: `${hostile} 한` },
      aliases: { en: [`${hostile} alias`], ko: [`${hostile} 별칭`] },
      summary: { en: hostile, ko: hostile },
    };
    const reply = await send('POST', '/v1/concepts', { key: keys.write, body });
    expect(reply.statusCode, reply.body).toBe(201);
    const got = (await suite.get('/v1/concepts/hostile-text')).json().concept;
    expect(got.name.en).toBe(hostile);
    expect(got.summary).toEqual({ en: hostile, ko: hostile });
    expect(got.aliases).toEqual(body.aliases);
    expect((await suite.get('/v1/concepts/docker-engine')).statusCode).toBe(200);
  });
});

describe('POST, PATCH and DELETE /v1/relations', () => {
  const relation = { subject: 'docker-init', type: 'CREATES', object: 'dockerfile', confidence: 0.6, sources: newConcept.sources };
  const id = 'docker-init:CREATES:dockerfile';

  it('creates, reads, changes and deletes a relation', async () => {
    const created = await send('POST', '/v1/relations', { key: keys.write, body: relation });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.location).toBe(`/v1/relations/${id}`);
    expect(created.json()).toEqual(relation);
    const got = await suite.get(`/v1/relations/${id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json().sentence.en).toMatch(/docker init/);
    expect(got.headers.etag).toBe(created.headers.etag);
    // Clients that percent-encode the id's colons read the same representation and ETag.
    expect((await suite.get(`/v1/relations/${encodeURIComponent(id)}`)).headers.etag).toBe(created.headers.etag);

    const changed = await send('PATCH', `/v1/relations/${id}`, {
      key: keys.write,
      ifMatch: String(got.headers.etag),
      body: { confidence: 0.8 },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().confidence).toBe(0.8);

    // The questions a relation answers are stored with it and come back as written; null removes them.
    const askedAs = { en: ['What writes a first Dockerfile for me?'], ko: ['Dockerfile 초안은 뭐가 써 줘?'] };
    const asked = await send('PATCH', `/v1/relations/${id}`, { key: keys.write, ifMatch: String(changed.headers.etag), body: { askedAs } });
    expect(asked.statusCode, asked.body).toBe(200);
    expect(asked.json()).toEqual({ ...relation, confidence: 0.8, askedAs });
    const unasked = await send('PATCH', `/v1/relations/${id}`, {
      key: keys.write,
      ifMatch: String(asked.headers.etag),
      body: { askedAs: null },
    });
    expect(unasked.statusCode, unasked.body).toBe(200);
    expect(unasked.json()).toEqual({ ...relation, confidence: 0.8 });

    const blocked = await send('DELETE', '/v1/concepts/docker-init', {
      key: keys.write,
      ifMatch: await etagOf('/v1/concepts/docker-init'),
    });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().relations).toContain(id);

    const deleted = await send('DELETE', `/v1/relations/${id}`, { key: keys.write, ifMatch: await etagOf(`/v1/relations/${id}`) });
    expect(deleted.statusCode).toBe(204);
    expect((await suite.get(`/v1/relations/${id}`)).json().code).toBe('RELATION_NOT_FOUND');
  });

  it('refuses an unknown type, an unknown end, a missing citation and a REQUIRES cycle, naming each', async () => {
    const before = await graphFingerprint(suite.db());
    const cases: [Record<string, unknown>, string][] = [
      [{ ...relation, type: 'INVENTS' }, 'type'],
      [{ ...relation, object: 'no-such-concept' }, 'object'],
      [{ ...relation, sources: [] }, 'sources'],
    ];
    for (const [body, field] of cases) {
      const reply = await send('POST', '/v1/relations', { key: keys.write, body });
      expect(reply.statusCode, JSON.stringify(body)).toBe(400);
      expect(reply.json().errors.map((e: { path: string }) => e.path)).toContain(field);
    }
    const cycle = await send('POST', '/v1/relations', {
      key: keys.write,
      body: {
        subject: 'physical-resource',
        type: 'REQUIRES',
        object: 'logical-resource',
        confidence: 0.8,
        sources: [{ source: 'notes', section: 'what-is-virtualization' }],
      },
    });
    expect(cycle.statusCode, cycle.body).toBe(400);
    const named: string[] = cycle.json().cycle;
    expect(named[0]).toBe(named.at(-1));
    expect([...new Set(named)].sort()).toEqual(['logical-resource', 'physical-resource']);
    expect(await graphFingerprint(suite.db())).toEqual(before);
  });
});

describe('revisions', () => {
  it('records who changed what, before and after, in the feed and the history', async () => {
    const page = (await suite.get('/v1/changes?since=0')).json();
    expect(page.items.length).toBeGreaterThan(4);
    expect(page.items.map((r: { seq: number }) => r.seq)).toEqual([...page.items.map((r: { seq: number }) => r.seq)].sort((a, b) => a - b));
    expect(page.items[0]).toMatchObject({ by: 'teacher-kim', kind: 'concept', op: 'create', target: 'docker-init', before: null });
    const history = (await suite.get('/v1/concepts/docker-init/history')).json().items;
    expect(history[0].op).toBe('update');
    expect(history.at(-1).op).toBe('create');
    expect(
      history.findLast((r: { after: { summary: { en: string } } }) => r.after.summary.en.includes('scaffolds'))?.before.summary.en,
    ).toBe(newConcept.summary.en);
    const since = page.items[1].seq;
    const next = (await suite.get(`/v1/changes?since=${since}&limit=1`)).json();
    expect(next.items.map((r: { seq: number }) => r.seq)).toEqual([since + 1]);
    expect(next.nextSince).toBe(since + 1);
  });

  it('streams revisions as Server-Sent Events, resuming after Last-Event-ID', async () => {
    const app = suite.app();
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    const controller = new AbortController();
    afterAll(() => controller.abort());
    const response = await fetch(`http://127.0.0.1:${port}/v1/changes/stream`, {
      headers: { 'last-event-id': '1' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const ids = () => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    while (!ids().includes(2)) text += decoder.decode((await reader.read()).value);
    expect(ids()[0]).toBe(2);
    // A write made now arrives on the open stream.
    const latest = Math.max(...(await suite.get('/v1/changes?since=0&limit=500')).json().items.map((r: { seq: number }) => r.seq));
    await send('PATCH', '/v1/concepts/docker-init', {
      key: keys.write,
      ifMatch: await etagOf('/v1/concepts/docker-init'),
      body: { tags: ['build'] },
    });
    while (!ids().includes(latest + 1)) text += decoder.decode((await reader.read()).value);
    expect(text).toContain('"op":"update"');
    controller.abort();
  });
});
