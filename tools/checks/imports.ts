// Imports that run the wrong way: dependencies between the folders of src/ and tools/ may only point the ways
// the architecture says (docs/architecture.md). Each rule names the folder that imports, the folder it may not
// import and why; a known exception sits in one list with its reason, and an exception no longer needed fails
// too, so the list only shrinks. Part of `npm run check`.
// Run: npx tsx tools/checks/imports.ts (prints each violation with file and line; exits 1 when there is one)
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { sourceFiles } from './size.js';

export interface ImportRule {
  /** Files under this folder (repository path, ending in `/`)… */
  from: string;
  /** …may not import anything under this one. */
  to: string;
  why: string;
}

export const importRules: ImportRule[] = [
  {
    from: 'src/',
    to: 'tools/',
    why: 'production code may not depend on development tools: the image would have to compile and ship them',
  },
  { from: 'src/seed/', to: 'src/plugins/', why: 'the seed loader runs without the HTTP app (npm run seed, the benches)' },
  { from: 'src/graph/', to: 'src/routes/', why: 'graph/ is the domain: it never sees a request or a reply' },
  { from: 'src/graph/', to: 'src/plugins/', why: 'graph/ is the domain: plugins build on it, not the other way round' },
];

export interface ImportRuleException {
  file: string;
  /** The imported folder the exception allows (the `to` of the rule it excuses). */
  to: string;
  reason: string;
}

/**
 * Violations known and accepted for now, each with the reason it may stay until its change lands, e.g.
 * `{ file: 'src/local-neo4j.ts', to: 'tools/', reason: 'moves with the entry-point refactor' }` (gone with it).
 */
export const importRuleExceptions: ImportRuleException[] = [];

export interface SourceImport {
  specifier: string;
  /** 1-based line of the import. */
  line: number;
}

export interface ImportViolation {
  file: string;
  line: number;
  specifier: string;
  /** The repository path the specifier resolves to. */
  target: string;
  rule: ImportRule;
}

/** Static imports, re-exports, `import type` and `import()` with a literal specifier of a TypeScript source. */
export function importsOf(text: string): SourceImport[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles.map((reference) => ({
    specifier: reference.fileName,
    line: text.slice(0, reference.pos).split('\n').length,
  }));
}

/** The repository path a relative specifier names, or undefined for a package (`zod`, `node:fs`). */
export function resolveSpecifier(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  return path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
}

export function checkImports(
  files: { file: string; imports: SourceImport[] }[],
  rules: ImportRule[] = importRules,
  exceptions: ImportRuleException[] = importRuleExceptions,
): { violations: ImportViolation[]; staleExceptions: ImportRuleException[] } {
  const violations: ImportViolation[] = [];
  const used = new Set<ImportRuleException>();
  for (const { file, imports } of files) {
    for (const { specifier, line } of imports) {
      const target = resolveSpecifier(file, specifier);
      if (target === undefined) continue;
      for (const rule of rules) {
        if (!file.startsWith(rule.from) || !target.startsWith(rule.to)) continue;
        const excused = exceptions.find((exception) => exception.file === file && exception.to === rule.to);
        if (excused) used.add(excused);
        else violations.push({ file, line, specifier, target, rule });
      }
    }
  }
  return { violations, staleExceptions: exceptions.filter((exception) => !used.has(exception)) };
}

async function main(): Promise<void> {
  const files = (await sourceFiles('src')).map(({ file, text }) => ({ file, imports: importsOf(text) }));
  const { violations, staleExceptions } = checkImports(files);
  for (const { file, line, specifier, rule } of violations) {
    process.stderr.write(`${file}:${line} imports '${specifier}': ${rule.from} may not import ${rule.to} (${rule.why})\n`);
  }
  for (const { file, to } of staleExceptions) {
    process.stderr.write(`${file} no longer imports ${to}: remove its entry from importRuleExceptions in tools/checks/imports.ts\n`);
  }
  if (violations.length > 0 || staleExceptions.length > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
