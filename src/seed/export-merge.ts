// Writes a seed file's entries as the graph holds them, over the file's own layout (export-layout.ts): an
// entry the graph holds unchanged keeps its exact lines; a changed entry keeps the lines of every field that
// did not change and has the others rewritten in the file's form (export-render.ts); an entry the graph no
// longer holds leaves with its own comments; a new entry goes after the entry its spec names as its anchor.
import { isDeepStrictEqual } from 'node:util';
import type { EntryLayout, FileLayout } from './export-layout.js';
import { fieldChunks } from './export-layout.js';
import { asItem, renderField, type Styles } from './export-render.js';

type Entry = Record<string, unknown>;

export interface MergeSpec {
  layout: FileLayout;
  styles: Styles;
  /** Every field in the order entries write them (learnFieldOrder). */
  fieldOrder: string[];
  /** The entries as the graph holds them, in seed form. */
  current: Entry[];
  /** An entry's identity: a concept's id, a relation's triple. */
  keyOf(entry: Entry): string;
  /**
   * Where a new entry goes: the index (in layout.entries) of the entry it follows, chosen among `kept` (the
   * file's entries the graph still holds, in file order, with their values as the graph holds them), or -1
   * for the end of the list.
   */
  anchorOf(entry: Entry, kept: { index: number; value: Entry }[]): number;
}

export interface MergeResult {
  text: string;
  created: string[];
  updated: string[];
  deleted: string[];
}

/**
 * Fields in the order the entries write them: a field first seen in an entry goes before the next field of
 * that entry already placed (or, with none, after the field before it). `schemaOrder` comes last, so a field
 * no entry has yet goes where the schema puts it among its neighbours.
 */
export function learnFieldOrder(entries: Entry[], schemaOrder: string[]): string[] {
  const order: string[] = [];
  for (const keys of [...entries.map((entry) => Object.keys(entry)), schemaOrder]) {
    keys.forEach((key, i) => {
      if (order.includes(key)) return;
      const next = keys.slice(i + 1).find((k) => order.includes(k));
      const at = next !== undefined ? order.indexOf(next) : i > 0 ? order.indexOf(keys[i - 1] ?? '') + 1 : order.length;
      order.splice(at, 0, key);
    });
  }
  return order;
}

/** The fields of `entry` ordered as `original` has them, with fields it lacks placed as `fieldOrder` says. */
function orderedFields(entry: Entry, original: Entry | undefined, fieldOrder: string[]): string[] {
  const present = Object.keys(entry);
  const keys = original ? Object.keys(original).filter((key) => present.includes(key)) : [];
  for (const key of [...fieldOrder, ...present]) {
    if (!present.includes(key) || keys.includes(key)) continue;
    const earlier = fieldOrder.slice(0, Math.max(fieldOrder.indexOf(key), 0));
    const after = keys.findLastIndex((k) => earlier.includes(k));
    keys.splice(after + 1, 0, key);
  }
  return keys;
}

/** The entry's lines: unchanged fields as the original wrote them, the rest in the file's form. */
export function renderEntry(entry: Entry, spec: Pick<MergeSpec, 'layout' | 'styles' | 'fieldOrder'>, original?: EntryLayout): string[] {
  const indent = spec.layout.itemIndent;
  const chunks = original ? fieldChunks(original.lines, indent) : new Map<string, string[]>();
  const fields = orderedFields(entry, original?.value, spec.fieldOrder).map((key) => {
    const kept = chunks.get(key);
    const chunk =
      kept && isDeepStrictEqual(original?.value[key], entry[key]) ? kept : renderField(key, entry[key], key, indent + 2, spec.styles);
    // A field's first line has the dash when it is the entry's first field, and only then.
    const [first = '', ...rest] = chunk;
    const body = first.startsWith(`${' '.repeat(indent)}- `) ? `${' '.repeat(indent + 2)}${first.slice(indent + 2)}` : first;
    return [body, ...rest];
  });
  return asItem(fields.flat(), indent);
}

const hasComment = (lines: string[]) => lines.some((line) => line.trimStart().startsWith('#'));

/** The lines between two kept entries when the entries between them left: section comments are never lost. */
function joinGaps(pending: string[] | undefined, next: string[]): string[] {
  if (pending === undefined || !hasComment(pending)) return next;
  return hasComment(next) ? [...pending, ...next] : pending;
}

function newEntriesByAnchor(spec: MergeSpec, original: Set<string>, kept: { index: number; value: Entry }[]): Map<number, Entry[]> {
  const byAnchor = new Map<number, Entry[]>();
  const fresh = spec.current.filter((entry) => !original.has(spec.keyOf(entry)));
  fresh.sort((a, b) => (spec.keyOf(a) < spec.keyOf(b) ? -1 : 1));
  for (const entry of fresh) {
    const anchor = spec.anchorOf(entry, kept);
    byAnchor.set(anchor, [...(byAnchor.get(anchor) ?? []), entry]);
  }
  return byAnchor;
}

export function mergeEntries(spec: MergeSpec): MergeResult {
  const { layout } = spec;
  const current = new Map(spec.current.map((entry) => [spec.keyOf(entry), entry]));
  const seen = new Set<string>();
  // An entry the file holds twice is written once, where it first appears.
  const survivors = layout.entries.map((entry) => {
    const key = spec.keyOf(entry.value);
    const value = seen.has(key) ? undefined : current.get(key);
    seen.add(key);
    return { entry, key, value };
  });
  const kept = survivors.flatMap(({ value }, index) => (value ? [{ index, value }] : []));
  const byAnchor = newEntriesByAnchor(spec, seen, kept);
  const result: MergeResult = { text: '', created: [], updated: [], deleted: [] };
  const out = [...layout.head];
  const addNew = (entries: Entry[] | undefined, gap: () => string[]) => {
    for (const entry of entries ?? []) {
      out.push(...gap(), ...renderEntry(entry, spec));
      result.created.push(spec.keyOf(entry));
    }
  };
  let pending: string[] | undefined;
  survivors.forEach(({ entry, key, value }, index) => {
    if (!value) {
      result.deleted.push(key);
      pending = joinGaps(pending, entry.section);
      return;
    }
    out.push(...joinGaps(pending, entry.section), ...entry.own);
    pending = undefined;
    if (isDeepStrictEqual(entry.value, value)) out.push(...entry.lines);
    else {
      out.push(...renderEntry(value, spec, entry));
      result.updated.push(key);
    }
    addNew(byAnchor.get(index), () => layout.separator);
  });
  const atEnd = byAnchor.get(-1);
  let first = kept.length > 0 || result.created.length > 0;
  addNew(atEnd, () => {
    const gap = joinGaps(pending, first ? layout.separator : []);
    pending = undefined;
    first = true;
    return gap;
  });
  if (pending && hasComment(pending)) out.push(...pending);
  out.push(...layout.tail);
  result.text = out.join('\n');
  return result;
}
