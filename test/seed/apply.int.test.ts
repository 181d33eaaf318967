import { spawnSync } from 'node:child_process';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { statement } from '../../src/graph/database.js';
import { applySeed } from '../../src/seed/apply.js';
import { loadSeed } from '../../src/seed/load.js';
import { clearGraph, copySeed, graphFingerprint, openTestDb, seedGraph } from '../helpers/app.js';

const db = openTestDb();

function runSeedCli(args: string[]) {
  const { uri, username, password } = inject('neo4j');
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/seed/cli.ts', ...args], {
    env: { ...process.env, NEO4J_URI: uri, NEO4J_USERNAME: username, NEO4J_PASSWORD: password },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

async function countOf(cypher: string, params: Record<string, unknown> = {}): Promise<number> {
  const rows = await db.read(cypher, params);
  return Number(rows[0]?.n);
}

describe('loading the seed into Neo4j', () => {
  beforeEach(async () => {
    await clearGraph(db);
  });
  afterAll(async () => {
    await clearGraph(db);
    await db.driver.close();
  });

  it('gives identical counts and no duplicates when run twice; the second run reports no change', async () => {
    const first = await seedGraph(db);
    expect(first.changed).toBe(true);
    const before = await graphFingerprint(db);
    const second = await seedGraph(db);
    expect(second.changed).toBe(false);
    expect(second.concepts).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(second.relations).toMatchObject({ created: 0, updated: 0, deleted: 0 });
    expect(await graphFingerprint(db)).toEqual(before);

    const data = await loadSeed('graph-seed');
    expect(before.relationships).toBe(data.relations.length);
    expect(await countOf('MATCH (c:Concept) RETURN count(c) AS n')).toBe(data.concepts.length);
    expect(await countOf('MATCH (c:Concept) WITH c.id AS id, count(*) AS k WHERE k > 1 RETURN count(*) AS n')).toBe(0);
    expect(await countOf('MATCH (a)-[r]->(b) WITH a, type(r) AS t, b, count(*) AS k WHERE k > 1 RETURN count(*) AS n')).toBe(0);
  });

  it('mirrors an edit and a deletion made in the files', async () => {
    await seedGraph(db);
    const seed = await copySeed();
    await seed.editData('concepts.yaml', (data) => {
      const runc = data.concepts.find((c: { id: string }) => c.id === 'runc');
      runc.summary.en = 'runc is the reference low-level runtime (edited in a test).';
      data.concepts = data.concepts.filter((c: { id: string }) => c.id !== 'docker-compose');
    });
    await seed.editData('relations.yaml', (data) => {
      data.relations = data.relations.filter(
        (r: { subject: string; object: string }) => r.subject !== 'docker-compose' && r.object !== 'docker-compose',
      );
    });
    const removedRelations = await countOf("MATCH (c:Concept {id: 'docker-compose'})-[r]-() RETURN count(r) AS n");
    expect(removedRelations).toBeGreaterThan(0);

    const report = await applySeed(db, await loadSeed(seed.dir));
    expect(report.concepts).toMatchObject({ updated: 1, deleted: 1, created: 0 });
    expect(report.relations).toMatchObject({ deleted: removedRelations, created: 0, updated: 0 });
    expect(await db.read("MATCH (c:Concept {id: 'runc'}) RETURN c.summaryEn AS s")).toEqual([
      { s: 'runc is the reference low-level runtime (edited in a test).' },
    ]);
    expect(await countOf("MATCH (c:Concept {id: 'docker-compose'}) RETURN count(c) AS n")).toBe(0);
  });

  it('leaves alone nodes and relationships the seed did not create', async () => {
    await seedGraph(db);
    await db.writeTransaction((tx) =>
      tx.run(
        `MATCH (runc:Concept {id: 'runc'}), (compose:Concept {id: 'docker-compose'})
         CREATE (note:Concept {id: 'my-note', nameEn: 'My note'})-[:USES]->(runc)
         CREATE (:Bookmark {url: 'https://example.org'})
         CREATE (compose)-[:MENTIONED_IN]->(note)`,
      ),
    );
    const seed = await copySeed();
    await seed.editData('concepts.yaml', (data) => {
      data.concepts = data.concepts.filter((c: { id: string }) => c.id !== 'docker-compose');
    });
    await seed.editData('relations.yaml', (data) => {
      data.relations = data.relations.filter(
        (r: { subject: string; object: string }) => r.subject !== 'docker-compose' && r.object !== 'docker-compose',
      );
    });
    const report = await applySeed(db, await loadSeed(seed.dir));

    expect(await countOf("MATCH (:Concept {id: 'my-note'})-[:USES]->(:Concept {id: 'runc'}) RETURN count(*) AS n")).toBe(1);
    expect(await countOf('MATCH (b:Bookmark) RETURN count(b) AS n')).toBe(1);
    // docker-compose left the files, but a relationship the seed did not create still uses it: kept, released.
    expect(report.concepts.released).toBe(1);
    expect(await db.read("MATCH (c:Concept {id: 'docker-compose'})-[:MENTIONED_IN]->() RETURN c.seedOwned AS owned")).toEqual([
      { owned: null },
    ]);
  });

  it('writes the same graph in any batch size, whether relations are created or merged', async () => {
    // Every node and relationship by content (element ids and the graph version differ between loads).
    const dump = async () => {
      const nodes = await db.read('MATCH (n) WHERE NOT n:GraphMeta RETURN labels(n) AS labels, properties(n) AS props');
      const relationships = await db.read('MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, properties(r) AS props');
      const sorted = (value: unknown): unknown =>
        value && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(Object.entries(value).sort(([x], [y]) => x.localeCompare(y)))
          : value;
      return [...nodes, ...relationships].map((row) => JSON.stringify(row, (_key, value: unknown) => sorted(value))).sort();
    };
    const data = await loadSeed('graph-seed');
    const fresh = await applySeed(db, data);
    const expected = await dump();

    // Created outright in batches of 7: several statements in flight at once in the one transaction.
    await clearGraph(db);
    const created = await applySeed(db, data, { batchSize: 7 });
    expect(await dump()).toEqual(expected);
    expect(created.relations).toEqual(fresh.relations);

    await clearGraph(db);
    // A relationship the seed did not write joins two concepts: relations then go through MERGE, in batches of 7.
    await db.writeTransaction((tx) => tx.run("CREATE (:Concept {id: 'docker'})-[:MENTIONED_IN]->(:Concept {id: 'runc'})"));
    const merged = await applySeed(db, data, { batchSize: 7 });
    await db.writeTransaction((tx) => tx.run('MATCH ()-[r:MENTIONED_IN]->() DELETE r'));
    expect(await dump()).toEqual(expected);
    expect(merged.relations).toEqual(fresh.relations);
    expect(merged.concepts).toEqual(fresh.concepts);
  });

  it('recreates a dropped index on the next run, and leaves the ones that exist alone', async () => {
    await seedGraph(db);
    const indexes = async () =>
      (await db.read('SHOW INDEXES YIELD name, id RETURN name, id ORDER BY name')).map((row) => `${row.name}#${row.id}`);
    const before = await indexes();
    await db.schema(statement('drop', 'DROP INDEX relation_provenance_id_implements'));
    await db.schema(statement('drop', 'DROP INDEX concept_summaries'));
    expect((await indexes()).length).toBe(before.length - 2);
    await seedGraph(db);
    const after = await indexes();
    expect(after.map((entry) => entry.split('#')[0])).toEqual(before.map((entry) => entry.split('#')[0]));
    // The others are the same indexes (same ids), not dropped and made again.
    const recreated = ['relation_provenance_id_implements', 'concept_summaries'];
    const kept = (list: string[]) => list.filter((entry) => !recreated.includes(entry.split('#')[0] ?? ''));
    expect(kept(after)).toEqual(kept(before));
  });

  it('makes the missing schema in one transaction: when one element cannot be made, none of them is', async () => {
    await seedGraph(db);
    const names = async () => (await db.read('SHOW INDEXES YIELD name RETURN name ORDER BY name')).map((row) => String(row.name));
    const before = await names();
    await db.schema(statement('drop', 'DROP CONSTRAINT concept_id'));
    await db.schema(statement('drop', 'DROP CONSTRAINT relation_type_key'));
    await db.schema(statement('drop', 'DROP INDEX concept_summaries'));
    // A plain index on the property under another name: Neo4j then refuses the uniqueness constraint
    // relation_type_key, which comes after concept_id in the schema's order.
    await db.schema(statement('block', 'CREATE INDEX blocks_type_key FOR (t:RelationType) ON (t.key)'));
    try {
      await expect(seedGraph(db)).rejects.toThrow(/constraint|index/i);
      const during = await names();
      expect(during).not.toContain('concept_id');
      expect(during).not.toContain('concept_summaries');
    } finally {
      await db.schema(statement('unblock', 'DROP INDEX blocks_type_key'));
    }
    await seedGraph(db);
    expect(await names()).toEqual(before);
  });

  it('rolls every batch back when a later batch fails while earlier ones are still in flight', async () => {
    const data = await loadSeed('graph-seed');
    // Past validation only through the API: a map is no property value, so Neo4j refuses this batch.
    const relations = data.relations.map((r, i) => (i === data.relations.length - 1 ? { ...r, confidence: { bad: true } as never } : r));
    await expect(applySeed(db, { ...data, relations }, { batchSize: 7 })).rejects.toThrow(/propert/i);
    expect(await countOf('MATCH (n) WHERE NOT n:GraphMeta RETURN count(n) AS n')).toBe(0);
    expect(await countOf('MATCH ()-[r]->() RETURN count(r) AS n')).toBe(0);
  });

  it('rejects a broken seed from the command line, naming file and entry, and changes nothing', async () => {
    await seedGraph(db);
    const before = await graphFingerprint(db);
    const seed = await copySeed();
    await seed.editData('relations.yaml', (data) => {
      data.relations[5].object = 'kubernetess';
    });
    await seed.editData('concepts.yaml', (data) => {
      data.concepts[2].summary.en = 'edited but never written';
    });

    const result = runSeedCli(['--dir', seed.dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/relations\.yaml:\d+ {2}relations\[5\] \(.+ kubernetess\): object 'kubernetess' is not a concept id/);
    expect(result.stderr).toContain('nothing was written');
    expect(await graphFingerprint(db)).toEqual(before);
  });

  it('reports counts from the command line, and "No changes" on a second run', () => {
    const first = runSeedCli([]);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Seed loaded in \d+ ms/);
    const second = runSeedCli([]);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^No changes/m);
  });

  it('validates without a database with --check', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/seed/cli.ts', '--check'], {
      env: { ...process.env, NEO4J_URI: 'bolt://127.0.0.1:1' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/graph-seed is valid: \d+ concepts, \d+ relations/);
  });
});
