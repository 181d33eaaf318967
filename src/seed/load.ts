// Reads graph-seed/, validates all of it (shape, references, templates, prerequisite cycles) and reports
// every problem at once, each naming the file, the line, the entry and the fix. Nothing here touches Neo4j.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { templateProblems } from '../graph/sentences.js';
import { must } from '../must.js';
import { type PlainYaml, readPlainYaml } from './plain-yaml.js';
import { type ConceptDef, provenanceOf, type RelationDef, type SeedData, type SourceRef, seedFiles } from './schema.js';

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

type FileKey = keyof typeof seedFiles;

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

function entryLabel(fileKey: FileKey, index: number, item: unknown): string {
  const { key, label } = seedFiles[fileKey];
  const record = (item ?? {}) as Record<string, unknown>;
  if (label && typeof record[label] === 'string') return `${key}[${index}] (${label}: ${record[label] as string})`;
  if (fileKey === 'relations') return `${key}[${index}] (${String(record.subject)} ${String(record.type)} ${String(record.object)})`;
  return `${key}[${index}]`;
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

function findDuplicates<T>(items: T[], keyOf: (item: T) => string): Map<string, number[]> {
  const seen = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    const indexes = seen.get(key);
    if (indexes) indexes.push(index);
    else seen.set(key, [index]);
  });
  return new Map([...seen].filter(([, indexes]) => indexes.length > 1));
}

/**
 * Finds one cycle among prerequisite edges (subject requires object), as a list of ids, or undefined.
 * Depth-first with an explicit stack: a prerequisite chain thousands deep must not overflow the call stack.
 */
export function findCycle(edges: { subject: string; object: string }[]): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const { subject, object } of edges) {
    const targets = next.get(subject);
    if (targets) targets.push(object);
    else next.set(subject, [object]);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  for (const root of [...next.keys()].sort()) {
    if (state.has(root)) continue;
    // The path from the root, each node with the index of the next edge to follow.
    const path: string[] = [root];
    const cursor: number[] = [0];
    state.set(root, 'visiting');
    while (path.length > 0) {
      const top = path.length - 1;
      const node = path[top] as string;
      const targets = next.get(node) ?? [];
      const edge = cursor[top] as number;
      if (edge >= targets.length) {
        state.set(node, 'done');
        path.pop();
        cursor.pop();
        continue;
      }
      cursor[top] = edge + 1;
      const target = targets[edge] as string;
      const seen = state.get(target);
      if (seen === 'visiting') return [...path.slice(path.indexOf(target)), target];
      if (seen === undefined) {
        state.set(target, 'visiting');
        path.push(target);
        cursor.push(0);
      }
    }
  }
  return undefined;
}

/**
 * Ids each file names, valid entries or not; `undefined` for a file that could not be read at all, whose
 * references are then not checked (every one would be reported as unknown).
 */
type KnownIds = Record<'categories' | 'sources' | 'relationTypes' | 'concepts', Set<string> | undefined>;

function checkReferences(data: SeedData, collector: IssueCollector, known: KnownIds): void {
  const sources = new Map(data.sources.map((source) => [source.id, new Set(source.sections.map((section) => section.id))]));
  const categoryIds = new Set(data.categories.map((category) => category.id));
  const conceptIds = new Set(data.concepts.map((concept) => concept.id));
  const types = new Map(data.relationTypes.map((type) => [type.key, type]));
  // Named in a file but dropped for a schema error (reported already), or in a file that could not be read.
  const unchecked = (file: keyof KnownIds, id: string) => known[file] === undefined || known[file].has(id);

  const checkRefs = (fileKey: 'concepts' | 'relations', index: number, entry: string, refs: SourceRef[]) => {
    refs.forEach((ref, refIndex) => {
      const sections = sources.get(ref.source);
      if (!sections && unchecked('sources', ref.source)) return;
      if (!sections) {
        collector.add(
          fileKey,
          [fileKey, index, 'sources', refIndex],
          entry,
          `cites unknown source '${ref.source}'`,
          `use one of: ${[...sources.keys()].join(', ')}`,
        );
      } else if (ref.section && !sections.has(ref.section)) {
        collector.add(
          fileKey,
          [fileKey, index, 'sources', refIndex],
          entry,
          `cites unknown section '${ref.section}' of source '${ref.source}'`,
          `use one of: ${[...sections].join(', ') || '(that source has no sections; drop "section")'}`,
        );
      }
    });
  };

  // Every concept and relation is grounded in the notes or in a page of official documentation (a section of a
  // background source, which carries the page's URL); an article alone is not enough.
  const sourceKinds = new Map(data.sources.map((source) => [source.id, source.kind]));
  const provenance = provenanceOf(data.sources);
  const checkGrounding = (fileKey: 'concepts' | 'relations', index: number, entry: string, refs: SourceRef[]) => {
    const grounded = refs.some((ref) => {
      const kind = sourceKinds.get(ref.source);
      return kind === 'notes' || (kind === 'background' && ref.section !== undefined);
    });
    if (!grounded) {
      collector.add(
        fileKey,
        [fileKey, index, 'sources'],
        entry,
        'cites neither a section of the notes nor a page of the background documentation',
        'add { source: notes, section: <section id> } or { source: background, section: <page id> } (a page listed with its URL in sources.yaml)',
      );
    }
  };

  // Duplicates.
  const duplicateChecks: [FileKey, string, Map<string, number[]>][] = [
    ['categories', 'id', findDuplicates(data.categories, (c) => c.id)],
    ['sources', 'id', findDuplicates(data.sources, (s) => s.id)],
    ['relationTypes', 'key', findDuplicates(data.relationTypes, (t) => t.key)],
    ['concepts', 'id', findDuplicates(data.concepts, (c) => c.id)],
  ];
  for (const [fileKey, field, duplicates] of duplicateChecks) {
    for (const [value, indexes] of duplicates) {
      for (const index of indexes.slice(1)) {
        collector.add(
          fileKey,
          [seedFiles[fileKey].key, index, field],
          `${seedFiles[fileKey].key}[${index}] (${field}: ${value})`,
          `duplicate ${field} '${value}' (first at ${seedFiles[fileKey].key}[${indexes[0]}])`,
          `rename it or merge the two entries`,
        );
      }
    }
  }
  data.sources.forEach((source, index) => {
    for (const [value, [, second = 0]] of findDuplicates(source.sections, (section) => section.id)) {
      collector.add(
        'sources',
        ['sources', index, 'sections', second],
        `sources[${index}] (id: ${source.id})`,
        `duplicate section id '${value}'`,
        'give each section its own id',
      );
    }
    if (source.kind === 'background') {
      source.sections.forEach((section, sectionIndex) => {
        if (!section.url) {
          collector.add(
            'sources',
            ['sources', index, 'sections', sectionIndex],
            `sources[${index}] (id: ${source.id})`,
            `section '${section.id}' has no url: every citation of background documentation must link to its page`,
            'add url: https://… (the official documentation page)',
          );
        }
      });
    }
    for (const derived of source.derivedFrom ?? []) {
      if (!sources.has(derived))
        collector.add(
          'sources',
          ['sources', index, 'derivedFrom'],
          `sources[${index}] (id: ${source.id})`,
          `derivedFrom names unknown source '${derived}'`,
        );
    }
  });

  // Relation types: phrasings that render and chain in both languages.
  const learningTypes = data.relationTypes.filter((type) => type.learningOrder);
  if (known.relationTypes && !collector.positions.has('relationTypes') && learningTypes.length !== 1) {
    collector.add(
      'relationTypes',
      ['relationTypes'],
      'relationTypes',
      `exactly one type must have learningOrder: true (found ${learningTypes.length})`,
      'mark the prerequisite type (REQUIRES) with learningOrder: true',
    );
  }
  data.relationTypes.forEach((type, index) => {
    const entry = `relationTypes[${index}] (key: ${type.key})`;
    for (const direction of ['forward', 'inverse'] as const) {
      for (const language of ['en', 'ko'] as const) {
        for (const problem of templateProblems(type[direction][language], language, direction)) {
          collector.add(
            'relationTypes',
            ['relationTypes', index, direction, language],
            entry,
            `${direction}.${language} "${type[direction][language]}" ${problem}`,
          );
        }
      }
    }
  });

  // Concepts.
  data.concepts.forEach((concept: ConceptDef, index) => {
    const entry = `concepts[${index}] (id: ${concept.id})`;
    if (!categoryIds.has(concept.category) && !unchecked('categories', concept.category)) {
      collector.add(
        'concepts',
        ['concepts', index, 'category'],
        entry,
        `category '${concept.category}' is not in categories.yaml`,
        `add it there or use one of: ${[...categoryIds].join(', ')}`,
      );
    }
    for (const language of ['en', 'ko'] as const) {
      const name = concept.name[language].toLowerCase();
      if (concept.aliases[language].some((alias) => alias.toLowerCase() === name)) {
        collector.add(
          'concepts',
          ['concepts', index, 'aliases', language],
          entry,
          `aliases.${language} repeats the name '${concept.name[language]}'`,
          'remove the alias; the name is searched anyway',
        );
      }
    }
    checkGrounding('concepts', index, entry, concept.sources);
    checkRefs('concepts', index, entry, concept.sources);
  });

  // Relations.
  const triples = findDuplicates(data.relations, (r) => {
    const symmetric = types.get(r.type)?.symmetric;
    const [a, b] = symmetric ? [r.subject, r.object].sort() : [r.subject, r.object];
    return `${a}|${r.type}|${b}`;
  });
  for (const [, indexes] of triples) {
    for (const index of indexes.slice(1)) {
      const r = must(data.relations[index], 'duplicate relation');
      collector.add(
        'relations',
        ['relations', index],
        entryLabel('relations', index, r),
        `duplicates relations[${indexes[0]}]${types.get(r.type)?.symmetric ? ` (${r.type} is symmetric: list each pair once)` : ''}`,
        'delete one of the two',
      );
    }
  }
  data.relations.forEach((relation: RelationDef, index) => {
    const entry = entryLabel('relations', index, relation);
    for (const end of ['subject', 'object'] as const) {
      if (!conceptIds.has(relation[end]) && !unchecked('concepts', relation[end])) {
        collector.add(
          'relations',
          ['relations', index, end],
          entry,
          `${end} '${relation[end]}' is not a concept id`,
          `add it to concepts.yaml or fix the spelling`,
        );
      }
    }
    if (!types.has(relation.type) && !unchecked('relationTypes', relation.type)) {
      collector.add(
        'relations',
        ['relations', index, 'type'],
        entry,
        `type '${relation.type}' is not in the relation-type catalogue`,
        `add it to relation-types.yaml or use one of: ${[...types.keys()].join(', ')}`,
      );
    }
    if (relation.subject === relation.object) {
      collector.add('relations', ['relations', index], entry, 'relates a concept to itself', 'remove it');
    }
    checkGrounding('relations', index, entry, relation.sources);
    if (provenance(relation.sources) === 'background' && relation.confidence > 0.8) {
      collector.add(
        'relations',
        ['relations', index, 'confidence'],
        entry,
        `confidence ${relation.confidence.toFixed(1)} is for facts stated in the notes, and this relation cites no notes section`,
        'use 0.8 (stated in the documentation cited) or 0.6 (background that connects concepts), or cite the notes section that states it',
      );
    }
    checkRefs('relations', index, entry, relation.sources);
  });

  // Prerequisites form a DAG.
  const learningKey = learningTypes[0]?.key;
  if (learningKey) {
    const edges = data.relations.filter((relation) => relation.type === learningKey);
    const cycle = findCycle(edges);
    if (cycle) {
      const closing = data.relations.findIndex((r) => r.type === learningKey && r.subject === cycle.at(-2) && r.object === cycle.at(-1));
      collector.add(
        'relations',
        ['relations', closing],
        entryLabel('relations', closing, data.relations[closing]),
        `${learningKey} edges form a cycle: ${cycle.join(' -> ')}`,
        `remove or reverse one ${learningKey} relation on that cycle`,
      );
    }
  }
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
  checkReferences(data, collector, {
    categories: parts.categories?.ids,
    sources: parts.sources?.ids,
    relationTypes: parts.relationTypes?.ids,
    concepts: parts.concepts?.ids,
  });
  if (collector.issues.length === 0) return data;
  throw new SeedValidationError(dir, sortIssues(collector.issues));
}
