// A fast reader for the plain subset of YAML the seed files are written in: block mappings and sequences,
// one-line scalars (plain, single- or double-quoted) and one-line flow lists and maps, with comments.
// The `yaml` package reads a 100k-relation seed in tens of seconds and a gigabyte; this reads it in about one
// second. It never guesses: on anything outside the subset (anchors, tags, block or multi-line scalars, odd
// indentation, duplicate keys, syntax errors…) it returns undefined and the caller hands the text to `yaml`,
// which then decides, and reports errors, exactly as before. Where it answers, the answer equals `yaml`'s
// (YAML 1.2 core schema), which test/seed/plain-yaml.test.ts checks on the real seed and on edge cases.

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

/** Thrown inside the reader when the text leaves the subset; never escapes `readPlainYaml`. */
class OutsideSubset extends Error {}

const outside = (): never => {
  throw new OutsideSubset();
};

const keyPattern = /^[A-Za-z_][A-Za-z0-9_-]*/;
// Keys the core schema would read as null, booleans or numbers, and one that would change an object's prototype.
const reservedKey = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|__proto__)$/;

// The YAML 1.2 core schema as the `yaml` package resolves plain scalars (yaml/dist/schema/core).
const nullPattern = /^(?:~|[Nn]ull|NULL)?$/;
const boolPattern = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const intPattern = /^[-+]?[0-9]+$/;
const floatPattern = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
// Numbers this reader leaves to `yaml` (octal, hex, exponents, infinities, NaN).
const otherNumberPattern =
  /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

function resolvePlain(text: string): unknown {
  if (nullPattern.test(text)) return null;
  if (boolPattern.test(text)) return text[0] === 't' || text[0] === 'T';
  if (intPattern.test(text)) {
    const value = Number.parseInt(text, 10);
    return Number.isSafeInteger(value) ? value : outside();
  }
  if (floatPattern.test(text)) return Number.parseFloat(text);
  if (otherNumberPattern.test(text)) outside();
  return text;
}

// A plain scalar may not start with an indicator; `-`, `?` and `:` only when a space follows, which is left to `yaml`.
const indicatorStart = /^(?:[-?:](?: |$)|[,[\]{}#&*!|>'"%@`])/;

/** A one-line plain scalar in block context (comment already cut). */
function blockPlain(text: string): unknown {
  if (indicatorStart.test(text) || text.includes(': ') || text.endsWith(':')) outside();
  return resolvePlain(text);
}

/** What may follow a closed quote or flow collection on its line: nothing, or a comment. */
function expectLineEnd(line: string, from: number): void {
  const rest = line.slice(from);
  if (trimSpacesEnd(rest) !== '' && !/^ +#/.test(rest)) outside();
}

const jsonEscapes = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u']);

/** A double-quoted scalar starting at `from`; returns the value and the index after the closing quote. */
function doubleQuoted(line: string, from: number): [string, number] {
  let i = from + 1;
  for (;;) {
    const c = line[i];
    if (c === undefined) return outside(); // runs on to the next line
    if (c === '"') break;
    if (c === '\\') {
      // The escapes YAML and JSON share and read alike; YAML's others (\x, \0, \e, \N…) are left to `yaml`.
      if (!jsonEscapes.has(line[i + 1] ?? '')) outside();
      i += 2;
    } else i++;
  }
  const text = line.slice(from, i + 1);
  try {
    return [JSON.parse(text) as string, i + 1];
  } catch {
    return outside();
  }
}

/** A single-quoted scalar starting at `from` ('' is a quote). */
function singleQuoted(line: string, from: number): [string, number] {
  let i = from + 1;
  let value = '';
  for (;;) {
    const end = line.indexOf("'", i);
    if (end < 0) return outside();
    value += line.slice(i, end);
    if (line[end + 1] === "'") {
      value += "'";
      i = end + 2;
    } else return [value, end + 1];
  }
}

function skipSpaces(line: string, i: number): number {
  while (line[i] === ' ') i++;
  return i;
}

/** One node inside a flow collection; returns it and the index of the `,` or closing bracket after it. */
function flowNode(line: string, from: number, close: string): [unknown, number] {
  const c = line[from];
  if (c === '"' || c === "'" || c === '[' || c === '{') {
    const [value, end] = c === '"' ? doubleQuoted(line, from) : c === "'" ? singleQuoted(line, from) : flowCollection(line, from);
    const next = skipSpaces(line, end);
    if (line[next] !== ',' && line[next] !== close) outside();
    return [value, next];
  }
  let i = from;
  while (i < line.length && line[i] !== ',' && line[i] !== close) {
    if ('[]{}'.includes(line[i] ?? '')) outside();
    i++;
  }
  if (i >= line.length) outside();
  const text = trimSpacesEnd(line.slice(from, i));
  if (text === '' || text.includes(' #') || text.includes(': ') || text.endsWith(':') || indicatorStart.test(text)) outside();
  return [resolvePlain(text), i];
}

/** A one-line flow sequence `[a, "b"]` or map `{ k: [v] }` starting at `from`; returns it and the index after it. */
function flowCollection(line: string, from: number): [unknown, number] {
  const isMap = line[from] === '{';
  const close = isMap ? '}' : ']';
  const list: unknown[] = [];
  const map: Record<string, unknown> = {};
  let i = skipSpaces(line, from + 1);
  if (line[i] === close) return [isMap ? map : list, i + 1];
  for (;;) {
    if (isMap) {
      const key = keyPattern.exec(line.slice(i))?.[0];
      if (!key || reservedKey.test(key) || Object.hasOwn(map, key) || line[i + key.length] !== ':' || line[i + key.length + 1] !== ' ') {
        outside();
      }
      const [value, next] = flowNode(line, skipSpaces(line, i + (key as string).length + 2), close);
      map[key as string] = value;
      i = next;
    } else {
      const [value, next] = flowNode(line, i, close);
      list.push(value);
      i = next;
    }
    if (line[i] === close) return [isMap ? map : list, i + 1];
    i = skipSpaces(line, i + 1); // past the comma
    if (line[i] === close) outside(); // a trailing comma is left to `yaml`
  }
}

/** The value written after `key: ` or `- ` on one line: a scalar or a one-line flow collection. */
function inlineValue(text: string): unknown {
  const c = text[0];
  if (c === '"' || c === "'") {
    const [value, end] = c === '"' ? doubleQuoted(text, 0) : singleQuoted(text, 0);
    expectLineEnd(text, end);
    return value;
  }
  if (c === '[' || c === '{') {
    const [value, end] = flowCollection(text, 0);
    expectLineEnd(text, end);
    return value;
  }
  const comment = text.indexOf(' #');
  return blockPlain(trimSpacesEnd(comment < 0 ? text : text.slice(0, comment)));
}

const isComment = (text: string) => text === '' || text.startsWith('#');

// YAML strips only spaces (and tabs, which never get this far) around scalars, not every Unicode space as trim() does.
function trimSpacesEnd(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return text.slice(0, end);
}

function trimSpacesStart(text: string): string {
  return text.slice(skipSpaces(text, 0));
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
