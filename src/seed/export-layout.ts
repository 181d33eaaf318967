// The layout of a seed file as an author wrote it, so seed:export can write the graph back without losing it:
// the header, each entry of the top-level list with its lines and the comments that belong to it, the lines
// between entries that belong to no entry (section headings), and the field chunks of each entry.
//
// Which comments belong to an entry: comment lines right under the entry before it, with no blank line in
// between, are notes on the entry they lead to, and leave with it. Lines between entries that include a blank
// line open a section (a heading, a note on a group of entries); they stay where they are when entries around
// them change. So do the lines between the list's key and its first entry.
import { readPlainYaml } from './plain-yaml.js';

export interface EntryLayout {
  /** The entry's value as the file reads. */
  value: Record<string, unknown>;
  /** Lines from its first to its last content line. */
  lines: string[];
  /** Comment lines right above it that belong to it. */
  own: string[];
  /** Lines above it (after `own` is taken off) that open a section; empty when there are none. */
  section: string[];
}

export interface FileLayout {
  /** Lines up to and including the list's key (`concepts:`). */
  head: string[];
  entries: EntryLayout[];
  /** Lines after the last entry (the final newline's empty line included). */
  tail: string[];
  /** Columns before each entry's dash. */
  itemIndent: number;
  /** The lines that usually separate two entries (one blank line, or none), for new entries. */
  separator: string[];
}

export class SeedLayoutError extends Error {
  constructor(file: string, reason: string) {
    super(`${file}: ${reason}; seed:export keeps a file's layout only when it is written in plain YAML (see docs/seed.md)`);
    this.name = 'SeedLayoutError';
  }
}

const isBlank = (line: string) => line.trim() === '';

/** The layout of a file with an empty list (a file that does not exist yet). */
export function emptyLayout(listKey: string, separator: string[]): FileLayout {
  return { head: [`${listKey}:`], entries: [], tail: [''], itemIndent: 2, separator };
}

/** The most common run of blank lines between two entries that have no comment between them. */
function usualSeparator(gaps: string[][], fallback: string[]): string[] {
  const counts = new Map<number, number>();
  for (const gap of gaps) if (gap.every(isBlank)) counts.set(gap.length, (counts.get(gap.length) ?? 0) + 1);
  const [blankLines] = [...counts].sort(([, a], [, b]) => b - a)[0] ?? [fallback.length];
  return Array.from({ length: blankLines }, () => '');
}

export function readLayout(file: string, text: string, listKey: string, fallbackSeparator: string[]): FileLayout {
  const plain = readPlainYaml(text);
  if (!plain) throw new SeedLayoutError(file, 'the file is outside the plain YAML subset');
  const list = plain.value[listKey];
  const items = plain.items.get(listKey);
  if (!Array.isArray(list) || !items) throw new SeedLayoutError(file, `"${listKey}:" is not a block list`);
  const lines = text.split('\n');
  const keyLine = lines.findIndex((line) => line === `${listKey}:` || line.startsWith(`${listKey}: `) || line.startsWith(`${listKey}:#`));
  if (list.length === 0)
    return { ...emptyLayout(listKey, fallbackSeparator), head: lines.slice(0, keyLine + 1), tail: lines.slice(keyLine + 1) };
  const entries: EntryLayout[] = [];
  const gaps: string[][] = [];
  let previousEnd = keyLine + 1; // 1-based number of the last line before the gap
  for (const [index, value] of list.entries()) {
    const start = items.start[index] ?? 0;
    const end = items.end[index] ?? start;
    const gap = lines.slice(previousEnd, start - 1);
    if (index > 0) gaps.push(gap);
    const ownsGap = index > 0 && !gap.some(isBlank);
    entries.push({
      value: value as Record<string, unknown>,
      lines: lines.slice(start - 1, end),
      own: ownsGap ? gap : [],
      section: ownsGap ? [] : gap,
    });
    previousEnd = end;
  }
  const first = entries[0]?.lines[0] ?? '';
  return {
    head: lines.slice(0, keyLine + 1),
    entries,
    tail: lines.slice(previousEnd),
    itemIndent: first.length - first.trimStart().length,
    separator: usualSeparator(gaps, fallbackSeparator),
  };
}

/** An entry's lines split by top-level field: each field's key line and the lines under it, in file order. */
export function fieldChunks(lines: string[], itemIndent: number): Map<string, string[]> {
  const chunks = new Map<string, string[]>();
  const fieldStart = new RegExp(`^(?: {${itemIndent}}- | {${itemIndent + 2}})([A-Za-z_][A-Za-z0-9_-]*):(?: |$)`);
  let current: string[] = [];
  let pending: string[] = []; // comment lines inside an entry go with the field under them
  for (const line of lines) {
    const key = fieldStart.exec(line)?.[1];
    if (key !== undefined) {
      current = [...pending, line];
      pending = [];
      chunks.set(key, current);
    } else if (line.trimStart().startsWith('#') || isBlank(line)) pending.push(line);
    else current.push(line);
  }
  return chunks;
}
