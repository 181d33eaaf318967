// `npm run seed:export [-- --dir <folder>]`: writes the graph's concepts and relations back into the seed files,
// so changes made over HTTP can be reviewed and committed. Each file keeps its layout (header, comments, order,
// quoting); unchanged entries keep their exact bytes, so with no change the files come out byte-identical.
// New concepts go after the last concept of their category; new relations after the last relation of their
// subject in the same block (the learning-order relations keep their own block at the end). Categories,
// sources and relation types cannot change over HTTP, so their files are left alone.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GraphDatabase } from '../graph/database.js';
import { conceptFields } from './concept-fields.js';
import { emptyLayout, type FileLayout, readLayout } from './export-layout.js';
import { learnFieldOrder, type MergeResult, type MergeSpec, mergeEntries } from './export-merge.js';
import { type GraphSeed, readGraphSeed } from './export-read.js';
import { learnStyles } from './export-render.js';
import { markSynced } from './http-changes.js';
import { loadSeed, SeedValidationError } from './load.js';
import { RelationsFile, seedFiles } from './schema.js';

type Entry = Record<string, unknown>;

export class EmptyGraphError extends Error {
  constructor(dir: string) {
    super(`The graph holds no seed concepts, so there is nothing to export; ${dir} was left as it is (seed the graph first).`);
    this.name = 'EmptyGraphError';
  }
}

export interface ExportedFile {
  file: string;
  created: string[];
  updated: string[];
  deleted: string[];
  /** False when the file already said what the graph holds (it is then not rewritten). */
  written: boolean;
}

export interface ExportReport {
  dir: string;
  /** The latest revision the files now hold (the seed's syncedThrough). */
  revision: number;
  files: ExportedFile[];
}

interface FileSpec {
  file: string;
  listKey: string;
  /** Lines between entries when the file has none to learn from. */
  separator: string[];
  schemaOrder: string[];
  entries(graph: GraphSeed): Entry[];
  keyOf(entry: Entry): string;
  anchorOf(graph: GraphSeed): MergeSpec['anchorOf'];
}

const lastIndex = (kept: { index: number; value: Entry }[], test: (value: Entry) => boolean) =>
  kept.findLast(({ value }) => test(value))?.index ?? -1;

const conceptsFile: FileSpec = {
  file: seedFiles.concepts.file,
  listKey: seedFiles.concepts.key,
  separator: [''],
  schemaOrder: conceptFields.map((field) => field.key),
  entries: (graph) => graph.concepts as unknown as Entry[],
  keyOf: (entry) => String(entry.id),
  anchorOf: () => (entry, kept) => lastIndex(kept, (value) => value.category === entry.category),
};

const relationsFile: FileSpec = {
  file: seedFiles.relations.file,
  listKey: seedFiles.relations.key,
  separator: [],
  schemaOrder: Object.keys(RelationsFile.shape.relations.element.shape),
  entries: (graph) => graph.relations as unknown as Entry[],
  keyOf: (entry) => `${entry.subject}:${entry.type}:${entry.object}`,
  anchorOf: (graph) => (entry, kept) => {
    const block = (value: Entry) => graph.learningOrderTypes.has(String(value.type));
    const sameBlock = (value: Entry) => block(value) === block(entry);
    const bySubject = lastIndex(kept, (value) => sameBlock(value) && value.subject === entry.subject);
    return bySubject >= 0 ? bySubject : lastIndex(kept, sameBlock);
  },
};

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** One file's new text, merged over its current layout. */
function exportFile(spec: FileSpec, text: string | undefined, graph: GraphSeed): MergeResult {
  const layout: FileLayout =
    text === undefined ? emptyLayout(spec.listKey, spec.separator) : readLayout(spec.file, text, spec.listKey, spec.separator);
  return mergeEntries({
    layout,
    styles: learnStyles(layout.entries.map((entry) => entry.lines)),
    fieldOrder: learnFieldOrder(
      layout.entries.map((entry) => entry.value),
      spec.schemaOrder,
    ),
    current: spec.entries(graph),
    keyOf: spec.keyOf,
    anchorOf: spec.anchorOf(graph),
  });
}

/** Validates the folder as it would be after the export, in a copy, so an invalid result writes nothing. */
async function validateExport(dir: string, texts: Map<string, string>): Promise<void> {
  const copy = await mkdtemp(path.join(tmpdir(), 'seed-export-'));
  try {
    await cp(dir, copy, { recursive: true });
    for (const [file, text] of texts) await writeFile(path.join(copy, file), text);
    await loadSeed(copy);
  } catch (error) {
    if (!(error instanceof SeedValidationError)) throw error;
    throw new SeedValidationError(
      dir,
      error.issues.map((issue) => ({ ...issue, file: path.join(dir, path.relative(copy, issue.file)) })),
    );
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
}

/**
 * Writes the graph's concepts and relations into `dir` and records that the files hold every revision the
 * export read. The result is validated as a seed first: when it is not valid, nothing is written.
 */
export async function exportSeed(db: GraphDatabase, dir: string): Promise<ExportReport> {
  const graph = await readGraphSeed(db);
  // An empty graph (never seeded, or pointed at the wrong database) would empty the files: refused.
  if (graph.concepts.length === 0) throw new EmptyGraphError(dir);
  const files: ExportedFile[] = [];
  const texts = new Map<string, string>();
  for (const spec of [conceptsFile, relationsFile]) {
    const before = await readText(path.join(dir, spec.file));
    const { text, created, updated, deleted } = exportFile(spec, before, graph);
    files.push({ file: spec.file, created, updated, deleted, written: text !== before });
    if (text !== before) texts.set(spec.file, text);
  }
  await validateExport(dir, texts);
  for (const [file, text] of texts) await writeFile(path.join(dir, file), text);
  // Revisions made after the read are not in the files: the mark moves to what was read, not to the latest.
  await db.writeTransaction((tx) => markSynced(tx, graph.revision));
  return { dir, revision: graph.revision, files };
}
