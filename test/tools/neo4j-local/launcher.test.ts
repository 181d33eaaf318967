// The local Neo4j launcher is built once per version of its sources and kept in the user's cache: a fresh
// clone (no target/) on a machine that built it before starts without Maven.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ensureLauncherBuilt, launcherBuild } from '../../../tools/neo4j-local/neo4j-local.js';

describe('the launcher build cache', () => {
  it('is keyed by the launcher sources and found without Maven or Java on the PATH', async () => {
    await ensureLauncherBuilt();
    const build = await launcherBuild();
    expect(build.dir).toContain(build.key);
    expect(build.key).toMatch(/^[0-9a-f]{16}$/);
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      // A build would need mvn and java; the cached one needs neither.
      await expect(ensureLauncherBuilt()).resolves.toBeUndefined();
    } finally {
      process.env.PATH = path;
    }
    expect((await readFile(`${build.classes}/dev/conceptgraph/neo4jlocal/Main.class`)).length).toBeGreaterThan(0);
  });
});
