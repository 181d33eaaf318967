// The import rule of `npm run check` (tools/checks/imports.ts) on small fixtures: which imports it finds,
// which it refuses, and that a known exception is allowed only while it is still needed.
import { describe, expect, it } from 'vitest';
import { checkImports, type ImportRule, importRules, importsOf, resolveSpecifier } from '../../../tools/checks/imports.js';

const file = (path: string, text: string) => ({ file: path, imports: importsOf(text) });

describe('importsOf', () => {
  it('finds static imports, type imports, re-exports and import() with their lines', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      'const later = async () => {',
      "  const d = await import('../tools/d.js');",
      '};',
      "import { z } from 'zod';",
    ].join('\n');
    expect(importsOf(text)).toEqual([
      { specifier: './a.js', line: 1 },
      { specifier: '../b.js', line: 2 },
      { specifier: './c.js', line: 3 },
      { specifier: '../tools/d.js', line: 5 },
      { specifier: 'zod', line: 7 },
    ]);
  });
});

describe('resolveSpecifier', () => {
  it('resolves a relative specifier against the importing file and leaves packages alone', () => {
    expect(resolveSpecifier('src/graph/quiz.ts', '../plugins/neo4j.js')).toBe('src/plugins/neo4j.js');
    expect(resolveSpecifier('src/local-neo4j.ts', '../tools/neo4j-local/neo4j-local.js')).toBe('tools/neo4j-local/neo4j-local.js');
    expect(resolveSpecifier('src/graph/quiz.ts', 'node:fs')).toBeUndefined();
    expect(resolveSpecifier('src/graph/quiz.ts', 'zod')).toBeUndefined();
  });
});

describe('checkImports', () => {
  const codesOf = (result: ReturnType<typeof checkImports>) =>
    result.violations.map(({ file, line, rule }) => `${file}:${line} -> ${rule.to}`);

  it('refuses a production file importing tools/, seed/ importing a plugin, and graph/ importing routes/ or plugins/', () => {
    const result = checkImports(
      [
        file('src/server.ts', "import { start } from '../tools/neo4j-local/cli.js';"),
        file('src/seed/cli.ts', "import { createDriver } from '../plugins/neo4j.js';"),
        file('src/graph/search.ts', "import { limitParam } from '../routes/schemas.js';\nimport type { X } from '../plugins/etag.js';"),
      ],
      importRules,
      [],
    );
    expect(codesOf(result)).toEqual([
      'src/server.ts:1 -> tools/',
      'src/seed/cli.ts:1 -> src/plugins/',
      'src/graph/search.ts:1 -> src/routes/',
      'src/graph/search.ts:2 -> src/plugins/',
    ]);
  });

  it('allows the directions the architecture uses', () => {
    const result = checkImports(
      [
        file('src/routes/search.ts', "import { searchConcepts } from '../graph/search.js';"),
        file('src/plugins/neo4j.ts', "import { GraphDatabase } from '../graph/database.js';"),
        file('src/seed/apply.ts', "import { statement } from '../graph/database.js';"),
        file('src/mcp/http.ts', "import { problem } from '../plugins/error-handler.js';"),
        file('src/graph/quiz.ts', "import { must } from '../must.js';\nimport { z } from 'zod';"),
        // Only src/ is production: tools and tests may import tools.
        file('tools/checks/imports.ts', "import { sourceFiles } from './size.js';"),
      ],
      importRules,
      [],
    );
    expect(result.violations).toEqual([]);
  });

  it('does not take a folder whose name starts like a ruled one for it', () => {
    const rules: ImportRule[] = [{ from: 'src/graph/', to: 'src/plugins/', why: 'test' }];
    const result = checkImports([file('src/graph-tools/x.ts', "import { p } from '../plugins/p.js';")], rules, []);
    expect(result.violations).toEqual([]);
  });

  it('excuses a listed exception while the import is there, and reports the exception once it is gone', () => {
    const exceptions = [{ file: 'src/local-neo4j.ts', to: 'tools/', reason: 'moves with the entry-point refactor' }];
    const importing = file('src/local-neo4j.ts', "const local = await import('../tools/neo4j-local/neo4j-local.js');");
    expect(checkImports([importing], importRules, exceptions)).toEqual({ violations: [], staleExceptions: [] });

    const moved = file('src/local-neo4j.ts', "import { resolve } from './graph/driver.js';");
    expect(checkImports([moved], importRules, exceptions)).toEqual({ violations: [], staleExceptions: exceptions });
  });

  it('excuses only the folder the exception names', () => {
    const exceptions = [{ file: 'src/graph/x.ts', to: 'src/routes/', reason: 'test' }];
    const result = checkImports([file('src/graph/x.ts', "import { p } from '../plugins/p.js';")], importRules, exceptions);
    expect(codesOf(result)).toEqual(['src/graph/x.ts:1 -> src/plugins/']);
    expect(result.staleExceptions).toEqual(exceptions);
  });
});
