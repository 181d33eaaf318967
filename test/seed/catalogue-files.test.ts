// What a write over HTTP is checked against: the three catalogue files, read and validated on their own, so the
// size (or a half-edited state) of concepts.yaml and relations.yaml never reaches a write.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalogueFiles, SeedValidationError } from '../../src/seed/load.js';

const dirs: string[] = [];

async function copy(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'catalogue-files-'));
  await cp('graph-seed', dir, { recursive: true });
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('loadCatalogueFiles', () => {
  it('reads categories, sources and relation types without reading concepts or relations', async () => {
    const dir = await copy();
    await writeFile(path.join(dir, 'concepts.yaml'), 'not: [valid');
    await writeFile(path.join(dir, 'relations.yaml'), '');
    const files = await loadCatalogueFiles(dir);
    expect(files.relationTypes.map((type) => type.key)).toContain('REQUIRES');
    expect(files.sources.map((source) => source.id)).toContain('notes');
    expect(files.categories.length).toBeGreaterThan(5);
  });

  it('refuses a broken catalogue file, naming it', async () => {
    const dir = await copy();
    await writeFile(path.join(dir, 'categories.yaml'), 'categories:\n  - id: Not A Slug\n');
    const error = await loadCatalogueFiles(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SeedValidationError);
    expect((error as SeedValidationError).issues.map((issue) => path.basename(issue.file))).toContain('categories.yaml');
  });
});
