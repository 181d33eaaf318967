import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ManagedTransaction } from 'neo4j-driver';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { applySeed } from '../../src/seed/apply.js';
import { exportSeed } from '../../src/seed/export.js';
import { UnsyncedHttpChangesError } from '../../src/seed/http-changes.js';
import { loadSeed } from '../../src/seed/load.js';
import { readPlainYaml } from '../../src/seed/plain-yaml.js';
import { conceptProperties, relationProperties, row } from '../../src/seed/rows.js';
import { type ConceptDef, provenanceOf, type RelationDef, type SeedData } from '../../src/seed/schema.js';
import { buildTestApp, clearGraph, copySeed, graphFingerprint, openTestDb, seedGraph } from '../helpers/app.js';

const db = openTestDb();
let data: SeedData;

// Changes stored the way a write over HTTP stores them: the seed's own properties and hash, a revision each.
async function revision(tx: ManagedTransaction, kind: string, op: string, target: string, before: unknown, after: unknown) {
  const counted = await tx.run("MERGE (m:GraphMeta {id: 'graph'}) SET m.revision = coalesce(m.revision, 0) + 1 RETURN m.revision AS seq");
  await tx.run('CREATE (:Revision {seq: $seq, at: $at, by: $by, kind: $kind, op: $op, target: $target, before: $before, after: $after})', {
    seq: counted.records[0]?.get('seq'),
    at: new Date().toISOString(),
    by: 'curator-key',
    kind,
    op,
    target,
    before: before === null ? null : JSON.stringify(before),
    after: after === null ? null : JSON.stringify(after),
  });
}

const provenance = () => provenanceOf(data.sources);
const conceptOf = (id: string) => structuredClone(data.concepts.find((c) => c.id === id) as ConceptDef);
const relationOf = (subject: string, type: string, object: string) =>
  data.relations.find((r) => r.subject === subject && r.type === type && r.object === object) as RelationDef;

function updateConcept(concept: ConceptDef) {
  return db.writeTransaction(async (tx) => {
    const written = row(concept.id, conceptProperties(concept, provenance()(concept.sources)));
    await tx.run('MATCH (c:Concept {id: $key}) SET c += $props, c.seedHash = $hash', written);
    await revision(tx, 'concept', 'update', concept.id, conceptOf(concept.id), concept);
  });
}

const newRelation: RelationDef = {
  subject: 'runc',
  type: 'RUNS_ON',
  object: 'linux-kernel',
  confidence: 0.8,
  sources: [{ source: 'notes', section: 'runc' }],
};

function createRelation(relation: RelationDef) {
  return db.writeTransaction(async (tx) => {
    const written = row('', relationProperties(relation, provenance()(relation.sources)));
    await tx.run(
      `MATCH (a:Concept {id: $props.subject}), (b:Concept {id: $props.object}) CREATE (a)-[r:RUNS_ON]->(b)
       SET r.id = $props.id, r.confidence = $props.confidence, r.sources = $props.sources, r.provenance = $props.provenance,
           r.seedHash = $hash, r.seedOwned = true`,
      written,
    );
    await revision(tx, 'relation', 'create', `${relation.subject} ${relation.type} ${relation.object}`, null, relation);
  });
}

function deleteRelation(relation: RelationDef) {
  return db.writeTransaction(async (tx) => {
    await tx.run('MATCH (:Concept {id: $s})-[r]->(:Concept {id: $o}) WHERE type(r) = $t DELETE r', {
      s: relation.subject,
      t: relation.type,
      o: relation.object,
    });
    await revision(tx, 'relation', 'delete', `${relation.subject} ${relation.type} ${relation.object}`, relation, null);
  });
}

/** The hunks of `diff` between two files: which lines of the old one changed, went or gained lines after them. */
function changedLines(before: string, after: string): string[] {
  const result = spawnSync('diff', [before, after], { encoding: 'utf8' });
  return result.stdout.split('\n').filter((line) => /^\d/.test(line));
}

/** First and last line of an entry of a seed file's top-level list. */
function entryLines(text: string, listKey: string, test: (entry: Record<string, unknown>) => boolean): [number, number] {
  const plain = readPlainYaml(text);
  const list = plain?.value[listKey] as Record<string, unknown>[];
  const index = list.findIndex(test);
  const items = plain?.items.get(listKey);
  return [items?.start[index] ?? 0, items?.end[index] ?? 0];
}

async function syncedThrough(): Promise<number> {
  const rows = await db.read("MATCH (m:GraphMeta {id: 'graph'}) RETURN m.syncedThrough AS n");
  return Number(rows[0]?.n);
}

function runCli(script: string, args: string[]) {
  const { uri, username, password } = inject('neo4j');
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, NEO4J_URI: uri, NEO4J_USERNAME: username, NEO4J_PASSWORD: password },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('seed:export and changes made over HTTP', () => {
  beforeEach(async () => {
    data = await loadSeed('graph-seed');
    await clearGraph(db);
    await seedGraph(db);
  });
  afterAll(async () => {
    await clearGraph(db);
    await db.driver.close();
  });

  it('writes the seed files back byte for byte when nothing changed', async () => {
    const seed = await copySeed();
    const report = await exportSeed(db, seed.dir);
    expect(report.files.map((file) => file.written)).toEqual([false, false]);
    for (const file of ['concepts.yaml', 'relations.yaml']) {
      expect(await seed.read(file)).toBe(await readFile(path.join('graph-seed', file), 'utf8'));
    }
  });

  it('changes exactly the lines of the elements changed over HTTP, and seeding the result changes nothing', async () => {
    const runc = conceptOf('runc');
    runc.summary.en = 'runc is the reference implementation of the OCI runtime specification (changed over HTTP).';
    await updateConcept(runc);
    await createRelation(newRelation);
    const removed = relationOf('runc', 'IMPLEMENTS', 'oci-runtime-spec');
    await deleteRelation(removed);

    const seed = await copySeed();
    const report = await exportSeed(db, seed.dir);
    expect(report.revision).toBe(3);
    expect(await syncedThrough()).toBe(3);

    const concepts = await readFile('graph-seed/concepts.yaml', 'utf8');
    const [runcStart] = entryLines(concepts, 'concepts', (c) => c.id === 'runc');
    const lines = concepts.split('\n');
    const summaryLine = lines.indexOf('    summary:', runcStart - 1) + 2; // its en line, 1-based
    expect(changedLines('graph-seed/concepts.yaml', path.join(seed.dir, 'concepts.yaml'))).toEqual([`${summaryLine}c${summaryLine}`]);
    expect(await seed.read('concepts.yaml')).toContain(`      en: "${runc.summary.en}"`);

    const relations = await readFile('graph-seed/relations.yaml', 'utf8');
    const [, afterIsA] = entryLines(relations, 'relations', (r) => r.subject === 'runc' && r.type === 'IS_A');
    const [goneStart, goneEnd] = entryLines(relations, 'relations', (r) => r.subject === 'runc' && r.type === 'IMPLEMENTS');
    const added = 6; // subject, type, object, confidence, sources and one citation
    expect(changedLines('graph-seed/relations.yaml', path.join(seed.dir, 'relations.yaml'))).toEqual([
      `${afterIsA}a${afterIsA + 1},${afterIsA + added}`,
      `${goneStart},${goneEnd}d${goneStart - 1 + added}`,
    ]);
    expect(await seed.read('relations.yaml')).toContain(
      '  - subject: runc\n    type: RUNS_ON\n    object: linux-kernel\n    confidence: 0.8\n    sources:\n      - { source: notes, section: runc }\n',
    );

    // The files now hold the changes: seeding from them passes without the flag and writes nothing.
    const before = await graphFingerprint(db);
    const reseed = await applySeed(db, await loadSeed(seed.dir));
    expect(reseed.concepts).toMatchObject({ updated: 0, created: 0, deleted: 0 });
    expect(reseed.relations).toMatchObject({ updated: 0, created: 0, deleted: 0 });
    expect(await graphFingerprint(db)).toEqual(before);
  });

  it('refuses to seed over changes made over HTTP, naming them and writing nothing; --discard-http-changes undoes them', async () => {
    const runc = conceptOf('runc');
    runc.summary.en = 'Changed over HTTP.';
    await updateConcept(runc);
    const before = await graphFingerprint(db);

    const refused = applySeed(db, data);
    await expect(refused).rejects.toBeInstanceOf(UnsyncedHttpChangesError);
    await expect(refused).rejects.toThrow(/1 change made over HTTP[\s\S]*#1 update concept runc by curator-key at \d{4}-/);
    expect(await graphFingerprint(db)).toEqual(before);

    const report = await applySeed(db, data, { discardHttpChanges: true });
    expect(report.discardedHttpChanges).toBe(1);
    expect(report.concepts.updated).toBe(1);
    expect(await db.read("MATCH (c:Concept {id: 'runc'}) RETURN c.summaryEn AS s")).toEqual([{ s: conceptOf('runc').summary.en }]);
    expect(await syncedThrough()).toBe(1);
    expect((await applySeed(db, data)).changed).toBe(false);
  });

  it('names at most twenty revisions in a refusal and counts the rest', async () => {
    await db.writeTransaction(async (tx) => {
      for (let i = 0; i < 25; i++) await revision(tx, 'concept', 'update', `concept-${i}`, null, null);
    });
    const error = await applySeed(db, data).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsyncedHttpChangesError);
    const message = (error as Error).message;
    expect(message.match(/^ {2}#\d+ /gm)).toHaveLength(20);
    expect(message).toContain('#20 update concept concept-19');
    expect(message).toContain('… and 5 more');
  });

  it('from the command line: seed refuses and names the change, seed:export takes it into the files, then seed passes', async () => {
    const runc = conceptOf('runc');
    runc.summary.en = 'Changed over HTTP, then exported.';
    await updateConcept(runc);
    const seed = await copySeed();

    const refused = runCli('src/seed/cli.ts', ['--dir', seed.dir]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('#1 update concept runc by curator-key');
    expect(refused.stderr).toContain('--discard-http-changes');

    const exported = runCli('src/seed/export-cli.ts', ['--dir', seed.dir]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/concepts\.yaml +0 added, 1 changed, 0 removed/);
    expect(await seed.read('concepts.yaml')).toContain(runc.summary.en);

    const seeded = runCli('src/seed/cli.ts', ['--dir', seed.dir]);
    expect(seeded.status, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/^No changes/m);
  }, 300_000);

  it('seeding with --discard-http-changes from the command line undoes the change', async () => {
    const runc = conceptOf('runc');
    runc.summary.en = 'Changed over HTTP, then discarded.';
    await updateConcept(runc);
    const result = runCli('src/seed/cli.ts', ['--discard-http-changes']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('discarded 1 changes made over HTTP');
    expect(await db.read("MATCH (c:Concept {id: 'runc'}) RETURN c.summaryEn AS s")).toEqual([{ s: conceptOf('runc').summary.en }]);
  }, 120_000);

  it('a server seeding on start (always) keeps a graph with changes made over HTTP as it is, and serves it', async () => {
    const runc = conceptOf('runc');
    runc.summary.en = 'Changed over HTTP, kept at start.';
    await updateConcept(runc);
    const before = await graphFingerprint(db);
    const app = await buildTestApp({ seed: { onStart: 'always' } });
    try {
      let ready = await app.inject({ method: 'GET', url: '/health/ready' });
      for (let attempt = 0; attempt < 200 && ready.statusCode === 503; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        ready = await app.inject({ method: 'GET', url: '/health/ready' });
      }
      expect(ready.statusCode).toBe(200);
      expect(await graphFingerprint(db)).toEqual(before);
    } finally {
      await app.close();
    }
  });

  it('keeps a file it cannot read as plain YAML untouched and says why', async () => {
    const seed = await copySeed();
    await writeFile(path.join(seed.dir, 'relations.yaml'), `${await seed.read('relations.yaml')}\nextra: &anchor 1\n`);
    await expect(exportSeed(db, seed.dir)).rejects.toThrow(/relations\.yaml: the file is outside the plain YAML subset/);
  });
});
