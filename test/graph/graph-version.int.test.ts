import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGraphVersion, unversioned } from '../../src/graph/graph-version.js';
import { applySeed } from '../../src/seed/apply.js';
import { loadSeed } from '../../src/seed/load.js';
import { buildTestApp, clearGraph, copySeed, openTestDb, seedGraph } from '../helpers/app.js';

const db = openTestDb();

describe('the graph version stamped by the seed', () => {
  beforeAll(async () => {
    await clearGraph(db);
  });
  afterAll(async () => {
    await db.driver.close();
  });

  it('is unversioned on an empty graph, set by the first seed and kept by an idempotent re-run', async () => {
    expect(await readGraphVersion(db)).toBe(unversioned);
    await seedGraph(db);
    const first = await readGraphVersion(db);
    expect(first).not.toBe(unversioned);
    const again = await seedGraph(db);
    expect(again.changed).toBe(false);
    expect(await readGraphVersion(db)).toBe(first);
  });

  it('changes when the seed changes the graph, and app.graphVersion sees it after invalidate', async () => {
    const app = await buildTestApp();
    try {
      const before = await app.graphVersion.current();
      expect(before).toBe(await readGraphVersion(db));
      const seed = await copySeed();
      await seed.editData('concepts.yaml', (data) => {
        data.concepts[0].summary.en = 'Edited by the graph-version test.';
      });
      const report = await applySeed(db, await loadSeed(seed.dir));
      expect(report.changed).toBe(true);
      const after = await readGraphVersion(db);
      expect(after).not.toBe(before);
      app.graphVersion.invalidate();
      expect(await app.graphVersion.current()).toBe(after);
    } finally {
      await app.close();
    }
  });
});
