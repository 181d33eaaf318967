// Keeps the README and docs/ true: their curl examples run against the seeded app and must meet their
// `# expect` lines, their relative links and anchors point at something, and the README's route table lists
// every operation of the OpenAPI document. How to write a checked example: CONTRIBUTING.md, "Change the docs".
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { HTTPMethods } from 'fastify';
import { describe, expect, it } from 'vitest';
import { useSeededApp } from '../helpers/seeded-app.js';
import {
  anchors,
  type CurlExample,
  cellLinks,
  curlExamples,
  type Expectation,
  exampleOrigin,
  fencedBlocks,
  links,
  type MarkdownFile,
  readMarkdown,
  resolveLink,
  tableAfter,
  valueAt,
} from './markdown.js';

const readme = readMarkdown('README.md');
const docsPages = readdirSync('docs')
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => readMarkdown(`docs/${name}`));
const linkedPages = [readme, ...docsPages, readMarkdown('bench/README.md'), readMarkdown('CONTRIBUTING.md')];

/** The info string that marks a block in docs/ whose curl examples run in the tests. */
const checkedInfo = 'sh checked';

function examplesOf(doc: MarkdownFile, everyBlock: boolean): CurlExample[] {
  return fencedBlocks(doc)
    .filter((block) => everyBlock || block.info === checkedInfo)
    .flatMap((block) => curlExamples(doc, block));
}

const readmeExamples = examplesOf(readme, true);
const docsExamples = docsPages.flatMap((doc) => examplesOf(doc, false));

function describeExpectation(expectation: Expectation): string {
  switch (expectation.kind) {
    case 'status':
      return String(expectation.status);
    case 'equals':
      return `${expectation.target} = ${JSON.stringify(expectation.value)}`;
    case 'contains':
      return `${expectation.target} contains ${JSON.stringify(expectation.value)}`;
    case 'exists':
      return `${expectation.target} exists`;
    case 'non-empty':
      return `${expectation.target} is non-empty`;
  }
}

describe('the docs', () => {
  const api = useSeededApp();

  async function run(example: CurlExample): Promise<void> {
    expect(
      example.expectations.some((expectation) => expectation.kind === 'status'),
      `${example.file}:${example.line} needs a "# expect <status>" line under its curl`,
    ).toBe(true);
    const reply = await api.app().inject({
      method: example.method,
      url: example.url,
      headers: example.headers,
      ...(example.body === undefined ? {} : { payload: example.body }),
    });
    const contentType = String(reply.headers['content-type'] ?? '');
    const json: unknown = /^application\/(problem\+)?json\b/.test(contentType) ? reply.json() : undefined;
    const observed = { headers: reply.headers as Record<string, unknown>, body: reply.body, json };
    for (const expectation of example.expectations) {
      const where = `${example.file}:${example.line} expects ${describeExpectation(expectation)} (reply ${reply.statusCode}: ${reply.body.slice(0, 300)})`;
      if (expectation.kind === 'status') {
        expect(reply.statusCode, where).toBe(expectation.status);
        continue;
      }
      const value = valueAt(observed, expectation.target);
      if (expectation.kind === 'exists') expect(value, where).not.toBeUndefined();
      else if (expectation.kind === 'non-empty') {
        expect(value, where).not.toBeUndefined();
        const size = typeof value === 'string' || Array.isArray(value) ? value.length : Object.keys(value ?? {}).length;
        expect(size, where).toBeGreaterThan(0);
      } else if (expectation.kind === 'equals') expect(value, where).toEqual(expectation.value);
      else if (Array.isArray(value)) expect(value, where).toContainEqual(expectation.value);
      else expect(String(value), where).toContain(String(expectation.value));
    }
  }

  describe('README examples run against the seeded graph', () => {
    it('has the three questions to ask', () => {
      expect(readmeExamples.length).toBeGreaterThanOrEqual(3);
    });
    it.each(readmeExamples.map((example) => [`README.md:${example.line} ${example.method} ${example.url}`, example] as const))(
      '%s',
      async (_name, example) => {
        await run(example);
      },
    );
  });

  describe('docs/ examples marked `sh checked` run against the seeded graph', () => {
    it('finds checked examples in docs/', () => {
      expect(docsExamples.length).toBeGreaterThan(0);
    });
    it.each(docsExamples.map((example) => [`${example.file}:${example.line} ${example.method} ${example.url}`, example] as const))(
      '%s',
      async (_name, example) => {
        await run(example);
      },
    );
    it('runs every curl in docs/: a block with one is marked `sh checked`', () => {
      const unchecked = docsPages.flatMap((doc) =>
        fencedBlocks(doc)
          .filter((block) => block.info !== checkedInfo && block.lines.some((line) => line.trim().startsWith('curl ')))
          .map((block) => `${doc.file}:${block.firstLine} (\`\`\`${block.info})`),
      );
      expect(unchecked).toEqual([]);
    });
  });

  it('keeps the README within 200 lines', () => {
    const count = readme.lines.at(-1) === '' ? readme.lines.length - 1 : readme.lines.length;
    expect(count).toBeLessThanOrEqual(200);
  });

  it('links only to files and anchors that exist', () => {
    const broken: string[] = [];
    for (const doc of linkedPages) {
      for (const { line, target } of links(doc)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
        const { file, anchor } = resolveLink(doc.file, target);
        if (!existsSync(file)) {
          broken.push(`${doc.file}:${line} → ${target} (no ${file})`);
          continue;
        }
        if (anchor && file.endsWith('.md') && statSync(file).isFile() && !anchors(readMarkdown(file)).has(anchor)) {
          broken.push(`${doc.file}:${line} → ${target} (no heading makes #${anchor} in ${file})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  describe('the README route table', () => {
    const rows = tableAfter(readme, '## Routes').map(({ line, cells }) => {
      const route = /^`([A-Z]+) (\/\S*)`$/.exec(cells[0] ?? '');
      if (!route) throw new Error(`README.md:${line}: the first cell must be \`METHOD /path\`, got ${cells[0]}`);
      return { line, method: route[1] ?? '', path: route[2] ?? '', operation: cellLinks(cells[2] ?? '')[0] };
    });

    it('lists every operation of the OpenAPI document with its operationId and Swagger UI link', async () => {
      const document = (await api.app().inject({ method: 'GET', url: '/openapi.json' })).json() as {
        paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>>;
      };
      const problems: string[] = [];
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const name = `${method.toUpperCase()} ${path}`;
          const row = rows.find((candidate) => candidate.method === method.toUpperCase() && candidate.path === path);
          if (!row) {
            problems.push(`${name} (${operation.operationId}) has no row`);
            continue;
          }
          const anchor = `${exampleOrigin}/docs#/${operation.tags?.[0]}/${operation.operationId}`;
          if (row.operation?.text !== operation.operationId || row.operation?.target !== anchor) {
            problems.push(`README.md:${row.line} ${name} should link [${operation.operationId}](${anchor})`);
          }
        }
      }
      expect(problems).toEqual([]);
    });

    it('names only routes the app has', () => {
      const missing = rows
        .filter((row) => !api.app().hasRoute({ method: row.method as HTTPMethods, url: row.path.replace(/\{(\w+)\}/g, ':$1') }))
        .map((row) => `README.md:${row.line} ${row.method} ${row.path}`);
      expect(missing).toEqual([]);
    });
  });
});
