// Reads graph-seed/, validates all of it (shape here; references, phrasings, confidence, domain and range,
// learning order and Korean names in checks/) and reports every problem at once, each naming the file, the line,
// the entry and the fix. Nothing here touches Neo4j.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { useReadings } from '../graph/language/index.js';
import { entryLabel, type FileKey, runChecks } from './checks/index.js';
import { type PlainYaml, readPlainYaml } from './plain-yaml.js';
import { type SeedData, seedFiles } from './schema.js';

export { findCycle } from './checks/index.js';

export interface SeedIssue {
  file: string;
  line?: number;
  entry: string;
  message: string;
  fix?: string;
}

export class SeedValidationError extends Error {
  constructor(
    readonly dir: string,
    readonly issues: SeedIssue[],
  ) {
    super(
      `${dir} is not valid (${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}); nothing was written:\n${issues.map(formatIssue).join('\n')}`,
    );
    this.name = 'SeedValidationError';
  }
}

export function formatIssue(issue: SeedIssue): string {
  const where = issue.line ? `${issue.file}:${issue.line}` : issue.file;
  return `  ${where}  ${issue.entry}: ${issue.message}${issue.fix ? `\n      fix: ${issue.fix}` : ''}`;
}

/** Finds the line of a node in one parsed file; only asked for entries that have a problem. */
interface LineLocator {
  /** The line of the node at `itemPath`, or of its nearest ancestor that has one (a missing key has none). */
  lineOf(itemPath: (string | number)[]): number | undefined;
}

function documentLocator(doc: Document, lines: LineCounter): LineLocator {
  return {
    lineOf(itemPath) {
      for (let depth = itemPath.length; depth >= 0; depth--) {
        const node = doc.getIn(itemPath.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
        if (node?.range) return lines.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}

/**
 * Lines for a file read by the plain reader, which records where each entry of the top-level list starts and
 * ends: a problem inside an entry re-reads just that entry's lines with `yaml` for the exact line, so the cost
 * follows the number of problems, not the size of the file. Anything else falls back to reading the whole file.
 */
function plainLocator(source: string, plain: PlainYaml, listKey: string): LineLocator {
  let lineStarts: number[] | undefined;
  let whole: LineLocator | undefined;
  const textOfLines = (first: number, last: number): string => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    }
    return source.slice(lineStarts[first - 1] ?? source.length, lineStarts[last] ?? source.length);
  };
  return {
    lineOf(itemPath) {
      const items = plain.items.get(listKey);
      const [key, index, ...rest] = itemPath;
      const start = typeof index === 'number' ? items?.start[index] : undefined;
      const end = typeof index === 'number' ? items?.end[index] : undefined;
      if (key === listKey && start !== undefined && end !== undefined) {
        if (rest.length === 0) return start;
        const lines = new LineCounter();
        const entry = parseDocument(textOfLines(start, end), { lineCounter: lines });
        return (documentLocator(entry, lines).lineOf([0, ...rest]) ?? 1) + start - 1;
      }
      if (!whole) {
        const lines = new LineCounter();
        whole = documentLocator(parseDocument(source, { lineCounter: lines }), lines);
      }
      return whole.lineOf(itemPath);
    },
  };
}

class IssueCollector {
  readonly issues: SeedIssue[] = [];
  readonly parsed = new Map<FileKey, LineLocator>();
  /**
   * The reference checks see only the entries that passed the schema, so their index is not the entry's
   * position in the file when an earlier entry was dropped; this maps it back for paths and labels.
   */
  readonly positions = new Map<FileKey, number[]>();

  constructor(private readonly dir: string) {}

  add(fileKey: FileKey, itemPath: (string | number)[], entry: string, message: string, fix?: string): void {
    const positions = this.positions.get(fileKey);
    const key = seedFiles[fileKey].key;
    if (positions && itemPath[0] === key && typeof itemPath[1] === 'number') {
      const index = itemPath[1];
      const position = positions[index] ?? index;
      itemPath = [key, position, ...itemPath.slice(2)];
      entry = entry.replace(`${key}[${index}]`, `${key}[${position}]`);
    }
    const file = path.join(this.dir, seedFiles[fileKey].file);
    const line = this.parsed.get(fileKey)?.lineOf(itemPath);
    this.issues.push({ file, ...(line ? { line } : {}), entry, message, ...(fix ? { fix } : {}) });
  }
}

/** The entries of one file that passed the schema, and the ids of all its entries (valid or not). */
interface ParsedEntries<T> {
  items: T[];
  /** Ids (or keys) named by every entry, so a reference to an entry with a schema error is not also reported as unknown. */
  ids: Set<string>;
}

type EntryOf<K extends FileKey> = z.infer<(typeof seedFiles)[K]['schema']> extends Record<string, (infer T)[]> ? T : never;

const invalidYaml = Symbol('invalid YAML');

/**
 * The file's data: from the plain reader when the text keeps to its subset (the seed files do), else from
 * `yaml`, which also reports syntax errors with their lines. Both give the same data for the same text.
 */
function readYaml(fileKey: FileKey, file: string, source: string, collector: IssueCollector): unknown {
  const plain = readPlainYaml(source);
  if (plain) {
    collector.parsed.set(fileKey, plainLocator(source, plain, seedFiles[fileKey].key));
    return plain.value;
  }
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  collector.parsed.set(fileKey, documentLocator(doc, lines));
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const line = error.linePos?.[0]?.line;
      collector.issues.push({
        file,
        ...(line ? { line } : {}),
        entry: '(YAML)',
        message: (error.message.split('\n')[0] ?? 'YAML syntax error').replace(/ at line \d+, column \d+:?$/, ''),
        fix: 'fix the YAML syntax (indentation, quotes, colons)',
      });
    }
    return invalidYaml;
  }
  return doc.toJS();
}

/**
 * Parses one file. A schema error drops only the entry it is in: the other entries go on to the reference
 * checks, so one run reports every problem. `undefined` when the file cannot be read or is not YAML.
 */
async function parseFile<K extends FileKey>(
  dir: string,
  fileKey: K,
  collector: IssueCollector,
): Promise<ParsedEntries<EntryOf<K>> | undefined> {
  const spec = seedFiles[fileKey];
  const file = path.join(dir, spec.file);
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch {
    collector.issues.push({
      file,
      entry: '(file)',
      message: 'is missing or unreadable',
      fix: `create ${spec.file} with a top-level "${spec.key}:" list`,
    });
    return undefined;
  }
  const data = readYaml(fileKey, file, source, collector);
  if (data === invalidYaml) return undefined;
  const result = spec.schema.safeParse(data);
  const raw = ((data ?? {}) as Record<string, unknown>)[spec.key];
  const rawItems: unknown[] = Array.isArray(raw) ? raw : [];
  const ids = new Set(
    rawItems
      .map((item) => ((item ?? {}) as Record<string, unknown>)[spec.label ?? 'id'])
      .filter((id): id is string => typeof id === 'string'),
  );
  if (result.success) {
    return { items: (result.data as unknown as Record<string, EntryOf<K>[]>)[spec.key] ?? [], ids };
  }
  const invalid = new Set<number>();
  for (const issue of result.error.issues) {
    const [, index, ...rest] = issue.path;
    const entry = typeof index === 'number' ? entryLabel(fileKey, index, rawItems[index]) : `(top level)`;
    const field = rest.length > 0 ? `${rest.join('.')}: ` : typeof index === 'number' ? '' : `${issue.path.join('.') || spec.key}: `;
    collector.add(fileKey, issue.path as (string | number)[], entry, `${field}${issue.message}`);
    if (typeof index === 'number') invalid.add(index);
    else if (issue.path.length <= 1) return { items: [], ids }; // the top level itself is wrong: nothing to salvage
  }
  const positions = rawItems.map((_, index) => index).filter((index) => !invalid.has(index));
  collector.positions.set(fileKey, positions);
  return { items: positions.map((index) => rawItems[index] as EntryOf<K>), ids };
}

const fileOrder: string[] = Object.values(seedFiles).map((spec) => spec.file);

/** In the order a reader fixes them: file by file as validated, top to bottom within a file. */
function sortIssues(issues: SeedIssue[]): SeedIssue[] {
  const rank = (issue: SeedIssue) => fileOrder.indexOf(path.basename(issue.file));
  return issues
    .map((issue, order) => ({ issue, order }))
    .sort((a, b) => rank(a.issue) - rank(b.issue) || (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.order - b.order)
    .map(({ issue }) => issue);
}

/** Loads and validates a seed folder; throws SeedValidationError listing every problem. */
export async function loadSeed(dir: string): Promise<SeedData> {
  const collector = new IssueCollector(dir);
  const parts = {
    categories: await parseFile(dir, 'categories', collector),
    sources: await parseFile(dir, 'sources', collector),
    relationTypes: await parseFile(dir, 'relationTypes', collector),
    concepts: await parseFile(dir, 'concepts', collector),
    relations: await parseFile(dir, 'relations', collector),
  };
  // Reference checks run over whatever passed the schema, so schema errors no longer hide reference errors.
  const data: SeedData = {
    categories: parts.categories?.items ?? [],
    sources: parts.sources?.items ?? [],
    relationTypes: parts.relationTypes?.items ?? [],
    concepts: parts.concepts?.items ?? [],
    relations: parts.relations?.items ?? [],
  };
  runChecks(
    {
      data,
      report: (fileKey, itemPath, entry, message, fix) => collector.add(fileKey, itemPath, entry, message, fix),
      known: {
        categories: parts.categories?.ids,
        sources: parts.sources?.ids,
        relationTypes: parts.relationTypes?.ids,
        concepts: parts.concepts?.ids,
      },
    },
    { schemaDroppedTypes: collector.positions.has('relationTypes') },
  );
  if (collector.issues.length === 0) {
    // The renderer reads names the rule cannot read by the seed's readings (kubelet -> 큐블릿).
    useReadings(data.concepts.flatMap((concept) => (concept.reading ? [[concept.name.ko, concept.reading] as const] : [])));
    return data;
  }
  throw new SeedValidationError(dir, sortIssues(collector.issues));
}

/** What writes over HTTP cannot change, read on its own: the catalogue files of a seed folder. */
export type CatalogueFiles = Pick<SeedData, 'categories' | 'sources' | 'relationTypes'>;

/**
 * Reads and validates only categories.yaml, sources.yaml and relation-types.yaml (a write is checked against
 * them; the concepts and relations it is checked with come from the graph). Their own problems are reported as
 * loadSeed would, and the size of concepts.yaml and relations.yaml costs nothing here.
 */
export async function loadCatalogueFiles(dir: string): Promise<CatalogueFiles> {
  const collector = new IssueCollector(dir);
  const parts = {
    categories: await parseFile(dir, 'categories', collector),
    sources: await parseFile(dir, 'sources', collector),
    relationTypes: await parseFile(dir, 'relationTypes', collector),
  };
  const data: SeedData = {
    categories: parts.categories?.items ?? [],
    sources: parts.sources?.items ?? [],
    relationTypes: parts.relationTypes?.items ?? [],
    concepts: [],
    relations: [],
  };
  runChecks(
    {
      data,
      report: (fileKey, itemPath, entry, message, fix) => collector.add(fileKey, itemPath, entry, message, fix),
      known: {
        categories: parts.categories?.ids,
        sources: parts.sources?.ids,
        relationTypes: parts.relationTypes?.ids,
        concepts: new Set(),
      },
    },
    { schemaDroppedTypes: collector.positions.has('relationTypes') },
  );
  if (collector.issues.length > 0) throw new SeedValidationError(dir, sortIssues(collector.issues));
  return { categories: data.categories, sources: data.sources, relationTypes: data.relationTypes };
}
