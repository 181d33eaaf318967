// `npm run keys`: the admin command run as a process against the run's Neo4j, as an operator would (each run
// starts a fresh Node with tsx, hence the long timeouts).
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findLiveKey, parseKey } from '../../src/auth/keys.js';
import type { GraphDatabase } from '../../src/graph/database.js';
import { clearGraph, openTestDb } from '../helpers/app.js';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function keys(...args: string[]): Promise<Run> {
  const { uri, username, password } = inject('neo4j');
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/auth/cli.ts', ...args],
      { env: { ...process.env, NEO4J_URI: uri, NEO4J_USERNAME: username, NEO4J_PASSWORD: password }, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => resolve({ status: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

let db: GraphDatabase;

beforeAll(async () => {
  db = openTestDb();
  await clearGraph(db);
});
afterAll(async () => {
  await db?.driver.close();
});

describe('npm run keys', () => {
  it('creates a key, prints it once with a warning, lists it without the hash, and revokes it', async () => {
    const created = await keys('create', '--name', 'alice', '--scopes', 'write,read');
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/cannot be shown again/);
    const key = created.stdout.split('\n').find((line) => line.startsWith('cg_')) ?? '';
    const parts = parseKey(key);
    expect(parts).toBeDefined();
    expect(await findLiveKey(db, parts?.id ?? '')).toMatchObject({ name: 'alice', scopes: ['read', 'write'] });

    const listed = await keys('list');
    expect(listed.status, listed.stderr).toBe(0);
    const [header, row] = listed.stdout.trim().split('\n');
    expect(header?.split(/\s+/)).toEqual(['NAME', 'ID', 'SCOPES', 'CREATED', 'REVOKED']);
    expect(row?.split(/\s+/)).toEqual(['alice', parts?.id, 'read,write', expect.stringMatching(/Z$/), '-']);
    expect(listed.stdout).not.toContain(parts?.secret);

    const revoked = await keys('revoke', '--name', 'alice');
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(revoked.stdout).toMatch(/Revoked key 'alice'/);
    expect(await findLiveKey(db, parts?.id ?? '')).toBeUndefined();
    const after = await keys('list');
    expect(after.stdout.trim().split('\n')[1]?.split(/\s+/)[4]).toMatch(/Z$/);
  }, 180_000);

  it('fails with exit 1 for a taken name or an unknown key, and 2 with the usage for bad arguments', async () => {
    await keys('create', '--name', 'bob', '--scopes', 'read');
    const taken = await keys('create', '--name', 'bob', '--scopes', 'read');
    expect(taken.status).toBe(1);
    expect(taken.stderr).toMatch(/named 'bob' exists already/);
    const unknown = await keys('revoke', '--name', 'nobody');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/No key is named 'nobody'/);
    const wrongArguments = [['create', '--name', 'carol', '--scopes', 'root'], ['create', '--name', 'carol'], ['frobnicate'], []];
    const runs = await Promise.all(wrongArguments.map((args) => keys(...args)));
    for (const [index, wrong] of runs.entries()) {
      expect(wrong.status, wrongArguments[index]?.join(' ')).toBe(2);
      expect(wrong.stderr).toMatch(/Usage: npm run keys/);
    }
    expect((await db.read("MATCH (k:ApiKey {name: 'carol'}) RETURN k")).length).toBe(0);
  }, 180_000);
});
