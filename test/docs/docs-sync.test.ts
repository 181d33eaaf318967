// Docs that describe the code and must follow it: the generated configuration table, the error catalogue,
// the hook table and the source layout of docs/architecture.md. Each failure names what to update.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemCatalog } from '../../src/errors.js';
import { configDocPath, withConfigTable } from '../../tools/docs/config-doc.js';
import { cellLinks, fencedBlocks, parseCurl, readMarkdown, resolveLink, tableAfter } from './markdown.js';

const architecture = readMarkdown('docs/architecture.md');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
    });
}

describe('docs that follow the code', () => {
  it('has the configuration table npm run docs:config writes from src/config.ts', () => {
    const text = readFileSync(configDocPath, 'utf8');
    expect(withConfigTable(text) === text, `${configDocPath} is stale: run \`npm run docs:config\``).toBe(true);
  });

  it('lists every problem code of src/errors.ts in the error table of docs/api.md', () => {
    const documented = new Set(tableAfter(readMarkdown('docs/api.md'), '## Errors').map(({ cells }) => cells[0]?.replaceAll('`', '')));
    expect(Object.keys(problemCatalog).filter((code) => !documented.has(code))).toEqual([]);
  });

  describe('the hook table of docs/architecture.md', () => {
    const rows = tableAfter(architecture, '## Every hook, in registration order').map(({ line, cells }) => ({
      line,
      thirdParty: (cells[1] ?? '').startsWith('`'),
      files: cellLinks(cells[1] ?? '').map((link) => resolveLink(architecture.file, link.target).file),
      hooks: [...(cells[2] ?? '').matchAll(/\b(?:on|pre)[A-Z]\w*/g)].map((match) => match[0]),
    }));
    const added = sourceFiles('src').flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/\.addHook\(\s*['"](\w+)['"]/g)].map((match) => ({ file, hook: match[1] ?? '' })),
    );

    it('has a row for every addHook in src/', () => {
      const missing = added
        .filter(({ file, hook }) => !rows.some((row) => !row.thirdParty && row.files.includes(file) && row.hooks.includes(hook)))
        .map(({ file, hook }) => `${file} adds ${hook}`);
      expect(missing).toEqual([]);
    });

    it('names only hooks the code adds', () => {
      const stale = rows
        .filter((row) => !row.thirdParty)
        .flatMap((row) =>
          row.hooks
            .filter((hook) => !row.files.some((file) => added.some((entry) => entry.file === file && entry.hook === hook)))
            .map((hook) => `docs/architecture.md:${row.line} ${row.files.join(', ')} ${hook}`),
        );
      expect(stale).toEqual([]);
    });
  });

  describe('the source layout of docs/architecture.md', () => {
    const start = architecture.lines.findIndex((line) => line.trim() === '## Source layout');
    const block = fencedBlocks(architecture).find((candidate) => candidate.firstLine > start && candidate.info === 'text');
    if (!block) throw new Error('docs/architecture.md: no ```text block under "## Source layout"');

    // Each entry's path from its indentation: an entry belongs to the nearest directory above it indented less.
    const entries: { line: number; path: string }[] = [];
    const parents: { indent: number; dir: string }[] = [];
    block.lines.forEach((line, index) => {
      const indent = line.length - line.trimStart().length;
      const names = line
        .trim()
        .split(/\s{2,}/)[0]
        ?.split(/,\s*/)
        .map((piece) => piece.split(/\s/)[0] ?? '')
        .filter((name) => /\/$|\.\w+$/.test(name));
      if (!names || names.length === 0) return; // a description continued from the line above
      while (parents.length > 0 && (parents.at(-1)?.indent ?? 0) >= indent) parents.pop();
      const dir = parents.at(-1)?.dir ?? '';
      for (const name of names) entries.push({ line: block.firstLine + index, path: `${dir}${name}` });
      const last = names.at(-1) ?? '';
      if (names.length === 1 && last.endsWith('/')) parents.push({ indent, dir: `${dir}${last}` });
    });

    it('names only paths that exist', () => {
      const missing = entries
        .filter((entry) => {
          try {
            statSync(entry.path);
            return false;
          } catch {
            return true;
          }
        })
        .map((entry) => `docs/architecture.md:${entry.line} ${entry.path}`);
      expect(missing).toEqual([]);
    });

    it('lists everything in src/ and in each of its folders it lists', () => {
      const listed = new Set(entries.map((entry) => entry.path.replace(/\/$/, '')));
      const folders = ['src', ...[...listed].filter((entry) => entry.startsWith('src/') && statSync(entry).isDirectory())];
      const unlisted = folders.flatMap((folder) =>
        entries.some((entry) => entry.path.startsWith(`${folder}/`) && entry.path !== `${folder}/`)
          ? readdirSync(folder)
              .map((name) => `${folder}/${name}`)
              .filter((child) => !listed.has(child))
          : [],
      );
      expect(unlisted).toEqual([]);
    });
  });

  describe('the curl reader of the docs test', () => {
    it('sends --data-urlencode pairs as the query with -G, percent-encoded', () => {
      expect(parseCurl(`curl -G '${'http://127.0.0.1:3000'}/v1/search' --data-urlencode 'q=도커 데몬' --data-urlencode 'limit=1'`)).toEqual(
        {
          method: 'GET',
          url: '/v1/search?q=%EB%8F%84%EC%BB%A4%20%EB%8D%B0%EB%AA%AC&limit=1',
          headers: {},
          body: undefined,
        },
      );
    });

    it('posts -d bodies with their headers', () => {
      expect(
        parseCurl(`curl -X POST 'http://127.0.0.1:3000/v1/retrieve' -H 'content-type: application/json' -d '{"query":"runc"}'`),
      ).toEqual({
        method: 'POST',
        url: '/v1/retrieve',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"runc"}',
      });
    });

    it('refuses a URL curl would send as raw UTF-8', () => {
      expect(() => parseCurl(`curl 'http://127.0.0.1:3000/v1/search?q=도커'`)).toThrow(/percent-encoded/);
    });
  });
});
