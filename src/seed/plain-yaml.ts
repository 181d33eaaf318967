// A fast reader for the plain subset of YAML the seed files are written in: block mappings and sequences,
// one-line scalars (plain, single- or double-quoted) and one-line flow lists and maps, with comments.
// The `yaml` package reads a 100k-relation seed in tens of seconds and a gigabyte; this reads it in about one
// second. It never guesses: on anything outside the subset (anchors, tags, block or multi-line scalars, odd
// indentation, duplicate keys, syntax errors…) it returns undefined and the caller hands the text to `yaml`,
// which then decides, and reports errors, exactly as before. Where it answers, the answer equals `yaml`'s
// (YAML 1.2 core schema), which test/seed/plain-yaml.test.ts checks on the real seed and on edge cases.
// This file reads the block structure; the values on each line are read in plain-yaml-inline.ts.
import {
  inlineValue,
  isComment,
  keyPattern,
  OutsideSubset,
  outside,
  reservedKey,
  trimSpacesEnd,
  trimSpacesStart,
} from './plain-yaml-inline.js';

/** Lines (1-based) of one block sequence's items: where each starts and where its last content line is. */
export interface ItemLines {
  start: number[];
  end: number[];
}

export interface PlainYaml {
  value: Record<string, unknown>;
  /** For each top-level key whose value is a block sequence, the lines of its items. */
  items: Map<string, ItemLines>;
}

// Characters YAML forbids, or treats in ways this reader does not model (byte-order mark, NEL, line separators).
function hasUnusualCharacter(source: string): boolean {
  for (let i = 0; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code >= 32 && code < 127) continue;
    if (code === 10 || code === 13) continue;
    if (code < 32 || code === 127 || code === 0x85 || code === 0xfeff || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}

class Reader {
  // Content lines only (blank and comment-only lines dropped): indentation, text after it, 1-based line number.
  private readonly indents: number[] = [];
  private readonly texts: string[] = [];
  private readonly lineNumbers: number[] = [];
  private pos = 0;
  readonly items = new Map<string, ItemLines>();

  constructor(source: string) {
    if (hasUnusualCharacter(source)) outside();
    let lineNumber = 0;
    let start = 0;
    while (start <= source.length) {
      let end = source.indexOf('\n', start);
      if (end < 0) end = source.length;
      lineNumber++;
      let line = source.slice(start, end);
      start = end + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.includes('\r')) outside();
      let indent = 0;
      while (line.charCodeAt(indent) === 32) indent++;
      const text = trimSpacesEnd(line.slice(indent));
      if (isComment(text)) continue;
      // Directives and document markers.
      if (indent === 0 && (text.startsWith('%') || text.startsWith('---') || text.startsWith('...'))) outside();
      this.indents.push(indent);
      this.texts.push(text);
      this.lineNumbers.push(lineNumber);
    }
  }

  document(): Record<string, unknown> {
    if (this.indents.length === 0 || this.indents[0] !== 0 || this.isItem(0)) outside();
    const value = this.map(0, true);
    if (this.pos < this.indents.length) outside();
    return value;
  }

  private isItem(pos: number): boolean {
    const text = this.texts[pos] ?? '';
    return text === '-' || text.startsWith('- ');
  }

  /** The last content line consumed so far. */
  private lastLine(): number {
    return this.lineNumbers[this.pos - 1] ?? 0;
  }

  /** After a one-line value, a more indented line would continue it (a multi-line scalar): left to `yaml`. */
  private endOfValue(indent: number): void {
    if (this.pos < this.indents.length && (this.indents[this.pos] ?? 0) > indent) outside();
  }

  private map(indent: number, topLevel = false): Record<string, unknown> {
    const value: Record<string, unknown> = {};
    while (this.pos < this.indents.length) {
      const lineIndent = this.indents[this.pos] ?? 0;
      if (lineIndent < indent) break;
      if (lineIndent > indent || this.isItem(this.pos)) outside();
      const text = this.texts[this.pos] ?? '';
      const key = keyPattern.exec(text)?.[0];
      if (!key || reservedKey.test(key) || Object.hasOwn(value, key) || text[key.length] !== ':') outside();
      const k = key as string;
      const rest = text.slice(k.length + 1);
      if (rest !== '' && !rest.startsWith(' ')) outside();
      const inline = trimSpacesStart(rest);
      this.pos++;
      if (!isComment(inline)) {
        value[k] = inlineValue(inline);
        this.endOfValue(indent);
        continue;
      }
      // A nested block, deeper or (a sequence only) at the key's own indentation; nothing at all is null.
      const next = this.indents[this.pos];
      if (next !== undefined && next > indent) value[k] = this.block(next, topLevel ? k : undefined);
      else if (next === indent && this.isItem(this.pos)) value[k] = this.sequence(indent, topLevel ? k : undefined);
      else value[k] = null;
    }
    return value;
  }

  private block(indent: number, itemsKey: string | undefined): unknown {
    return this.isItem(this.pos) ? this.sequence(indent, itemsKey) : this.map(indent);
  }

  private sequence(indent: number, itemsKey: string | undefined): unknown[] {
    const list: unknown[] = [];
    const lines: ItemLines = { start: [], end: [] };
    while (this.pos < this.indents.length) {
      const lineIndent = this.indents[this.pos] ?? 0;
      if (lineIndent < indent) break;
      if (lineIndent > indent || !this.isItem(this.pos)) {
        // A sequence at its key's indentation ends where that mapping's next key starts.
        if (lineIndent === indent && !this.isItem(this.pos)) break;
        outside();
      }
      lines.start.push(this.lineNumbers[this.pos] ?? 0);
      const text = this.texts[this.pos] ?? '';
      const rest = trimSpacesStart(text.slice(1));
      if (isComment(rest) || this.isItemText(rest)) outside(); // empty or nested-sequence items are left to `yaml`
      const column = indent + (text.length - rest.length);
      const key = keyPattern.exec(rest)?.[0];
      if (key && rest[key.length] === ':' && (rest.length === key.length + 1 || rest[key.length + 1] === ' ')) {
        // `- key: value`: a mapping whose keys line up at the column after the dash.
        this.indents[this.pos] = column;
        this.texts[this.pos] = rest;
        list.push(this.map(column));
      } else {
        this.pos++;
        list.push(inlineValue(rest));
        this.endOfValue(indent);
      }
      lines.end.push(this.lastLine());
    }
    if (itemsKey) this.items.set(itemsKey, lines);
    return list;
  }

  private isItemText(text: string): boolean {
    return text === '-' || text.startsWith('- ');
  }
}

/** Reads `source` if it keeps to the plain subset; undefined otherwise (then read it with `yaml`). */
export function readPlainYaml(source: string): PlainYaml | undefined {
  try {
    const reader = new Reader(source);
    return { value: reader.document(), items: reader.items };
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}
