import { describe, expect, it } from 'vitest';
import { applySeed } from '../../src/seed/apply.js';
import { loadSeed } from '../../src/seed/load.js';
import { copySeed } from '../helpers/app.js';
import { useSeededApp } from '../helpers/seeded-app.js';

const { app, get, db } = useSeededApp();

/** Statements the app sends to Neo4j while `work` runs, not counting the graph-version check. */
async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const names: string[] = [];
  const stop = app().graphDb.observe((name) => {
    if (name !== 'readGraphVersion') names.push(name);
  });
  try {
    await work();
  } finally {
    stop();
  }
  return names;
}

describe('the reply cache', () => {
  it('answers a repeated request from memory with the same body, ETag and a Cache-Control', async () => {
    const first = await get('/v1/concepts/containerd');
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toMatch(/max-age=\d+/);
    const hitsBefore = app().replyCache.stats().hits;
    let again = first;
    const names = await statementsDuring(async () => {
      again = await get('/v1/concepts/containerd');
    });
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(names).toEqual([]);
    expect(app().replyCache.stats().hits).toBe(hitsBefore + 1);
  });

  it('answers a matching If-None-Match with 304 without a query to Neo4j', async () => {
    const etag = String((await get('/v1/relations?subject=containerd&limit=5')).headers.etag);
    let status = 0;
    const names = await statementsDuring(async () => {
      status = (await get('/v1/relations?limit=5&subject=containerd', { 'if-none-match': etag })).statusCode;
    });
    expect(status).toBe(304);
    expect(names).toEqual([]);
  });

  it('does not cache an error reply', async () => {
    const names = await statementsDuring(async () => {
      expect((await get('/v1/concepts/no-such-concept')).statusCode).toBe(404);
      expect((await get('/v1/concepts/no-such-concept')).statusCode).toBe(404);
    });
    expect(names.filter((name) => name === 'getConcept')).toHaveLength(2);
  });

  it('serves the new content and a new ETag once the seed has changed the graph', async () => {
    const before = await get('/v1/concepts/runc');
    const seed = await copySeed();
    await seed.editData('concepts.yaml', (data) => {
      const runc = data.concepts.find((c: { id: string }) => c.id === 'runc');
      runc.summary.en = 'runc, as edited by the reply-cache test.';
    });
    await applySeed(db(), await loadSeed(seed.dir));
    app().graphVersion.invalidate();
    const after = await get('/v1/concepts/runc');
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(after.json().concept.summary.en).toBe('runc, as edited by the reply-cache test.');
    expect((await get('/v1/concepts/runc', { 'if-none-match': String(before.headers.etag) })).statusCode).toBe(200);
  });
});
