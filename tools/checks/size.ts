// Room sizes: every file in src/ over `sizeLimits.fileLines` lines and every function over
// `sizeLimits.functionLines`, measured with the TypeScript compiler API (a function's lines run from its first
// token to its closing brace, so a nested function counts within its parent too). Part of `npm run check`.
// Run: npx tsx tools/checks/size.ts          (lists offenders, exits 0: a warning while some remain)
//      npx tsx tools/checks/size.ts --strict (exits 1 when any remain)
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

export interface SizeLimits {
  fileLines: number;
  functionLines: number;
}

export const sizeLimits: SizeLimits = {
  /** Lines of one source file. */
  fileLines: 300,
  /** Lines of one function, arrow function, method or accessor, signature to closing brace. */
  functionLines: 60,
};

export interface FunctionSize {
  /** What a reader would search for: the function's name, or where an anonymous one is passed or stored. */
  name: string;
  /** 1-based line of the function's first token. */
  line: number;
  lines: number;
}

export interface Offenders {
  files: { file: string; lines: number }[];
  functions: ({ file: string } & FunctionSize)[];
}

/** Lines of a text as an editor numbers them (a final newline starts no line of its own). */
export function lineCount(text: string): number {
  if (text === '') return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

function nameOf(node: ts.Node): string | undefined {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name && (ts.isIdentifier(named.name) || ts.isStringLiteral(named.name) || ts.isPrivateIdentifier(named.name))) {
    return named.name.text;
  }
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  return undefined;
}

/** A name for a function expression from where it stands: `const x = () => …`, `{ x: () => … }`, `f(…, () => …)`. */
function contextName(node: ts.Node, source: ts.SourceFile): string {
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    const name = nameOf(parent);
    if (name) return name;
  }
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const callee = parent.expression.getText(source).replace(/\s+/g, '');
    const callback = `callback of ${callee.length > 40 ? `…${callee.slice(-40)}` : callee}`;
    // `export const neo4jPlugin = fp(async (app) => …)`: the plugin is known by the constant's name.
    const holder = ts.isVariableDeclaration(parent.parent) ? nameOf(parent.parent) : undefined;
    return holder ? `${holder} (${callback})` : `(${callback})`;
  }
  if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent)) {
    return contextName(parent, source);
  }
  return '(anonymous)';
}

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** Every function with a body in a TypeScript source, with its length in lines. */
export function measureFunctions(fileName: string, text: string): FunctionSize[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const sizes: FunctionSize[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      sizes.push({ name: nameOf(node) ?? contextName(node, source), line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sizes;
}

/** The offenders among `files` (paths relative to the repository, with their text), in path and line order. */
export function findOffenders(files: { file: string; text: string }[], limits: SizeLimits = sizeLimits): Offenders {
  const offenders: Offenders = { files: [], functions: [] };
  for (const { file, text } of [...files].sort((a, b) => a.file.localeCompare(b.file))) {
    const lines = lineCount(text);
    if (lines > limits.fileLines) offenders.files.push({ file, lines });
    for (const size of measureFunctions(file, text)) if (size.lines > limits.functionLines) offenders.functions.push({ file, ...size });
  }
  return offenders;
}

export function report(offenders: Offenders, limits: SizeLimits = sizeLimits): string[] {
  return [
    ...offenders.files.map(({ file, lines }) => `${file}: ${lines} lines (a file has at most ${limits.fileLines})`),
    ...offenders.functions.map(
      ({ file, line, name, lines }) => `${file}:${line} ${name}: ${lines} lines (a function has at most ${limits.functionLines})`,
    ),
  ];
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every .ts file under `dir`, as paths relative to the repository with forward slashes. */
export async function sourceFiles(dir: string): Promise<{ file: string; text: string }[]> {
  const entries = await readdir(path.join(repoRoot, dir), { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(repoRoot, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  return Promise.all(files.map(async (file) => ({ file, text: await readFile(path.join(repoRoot, file), 'utf8') })));
}

async function main(args: string[]): Promise<void> {
  const strict = args.includes('--strict');
  const offenders = findOffenders(await sourceFiles('src'));
  const lines = report(offenders);
  if (lines.length === 0) return;
  const count = `${offenders.files.length} file(s) and ${offenders.functions.length} function(s) in src/ are over the size limits`;
  process.stderr.write(`${strict ? 'error' : 'warning'}: ${count}; split them along their own sections:\n`);
  for (const line of lines) process.stderr.write(`  ${line}\n`);
  if (strict) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
