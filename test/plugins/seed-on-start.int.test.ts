import type { FastifyInstance } from 'fastify';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, clearGraph, copySeed, graphFingerprint, openTestDb, seedGraph } from '../helpers/app.js';

const db = openTestDb();

/** Polls /health/ready until it leaves "the seed graph is still loading" and the start-up work after it. */
async function settledReadiness(app: FastifyInstance) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const reply = await app.inject({ method: 'GET', url: '/health/ready' });
    const detail = reply.statusCode === 503 ? String(reply.json().detail) : '';
    if (detail !== 'The seed graph is still loading.' && !detail.startsWith('Still preparing')) return reply;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('seeding did not settle');
}

describe('seeding on start', () => {
  beforeEach(async () => {
    await clearGraph(db);
  });
  afterAll(async () => {
    await clearGraph(db);
    await db.driver.close();
  });

  it('loads an empty graph and reports ready once it is loaded (if-empty)', async () => {
    const app = await buildTestApp({ seed: { onStart: 'if-empty' } });
    try {
      const ready = await settledReadiness(app);
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ seed: 'done' });
      expect((await app.inject({ method: 'GET', url: '/v1/concepts/containerd' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('leaves a loaded graph alone (if-empty)', async () => {
    await seedGraph(db);
    await db.writeTransaction((tx) => tx.run("MATCH (c:Concept {id: 'runc'}) SET c.summaryEn = 'changed by hand'"));
    const before = await graphFingerprint(db);
    const app = await buildTestApp({ seed: { onStart: 'if-empty' } });
    try {
      expect((await settledReadiness(app)).statusCode).toBe(200);
      expect(await graphFingerprint(db)).toEqual(before);
    } finally {
      await app.close();
    }
  });

  it('reports not ready, naming the broken file, when the seed files are invalid, and writes nothing', async () => {
    const seed = await copySeed();
    await seed.editData('relations.yaml', (data) => {
      data.relations[0].object = 'nowhere';
    });
    const app = await buildTestApp({ seed: { onStart: 'always', dir: seed.dir } });
    try {
      const ready = await settledReadiness(app);
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({
        code: 'NOT_READY',
        detail: expect.stringMatching(/relations\.yaml:\d+ +relations\[0\] .*'nowhere' is not a concept id/),
      });
      expect((await graphFingerprint(db)).nodes).toBe(0);
    } finally {
      await app.close();
    }
  });
});
