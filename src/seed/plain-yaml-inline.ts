// One-line values of the plain YAML subset that plain-yaml.ts reads: plain, single- and double-quoted scalars
// resolved as the `yaml` package resolves them (YAML 1.2 core schema), and one-line flow lists and maps. On
// anything outside the subset they throw OutsideSubset, which readPlainYaml turns into `undefined`.

/** Thrown inside the reader when the text leaves the subset; never escapes `readPlainYaml`. */
export class OutsideSubset extends Error {}

export const outside = (): never => {
  throw new OutsideSubset();
};

export const keyPattern = /^[A-Za-z_][A-Za-z0-9_-]*/;
// Keys the core schema would read as null, booleans or numbers, and one that would change an object's prototype.
export const reservedKey = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|__proto__)$/;

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
export function inlineValue(text: string): unknown {
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

export const isComment = (text: string) => text === '' || text.startsWith('#');

// YAML strips only spaces (and tabs, which never get this far) around scalars, not every Unicode space as trim() does.
export function trimSpacesEnd(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return text.slice(0, end);
}

export function trimSpacesStart(text: string): string {
  return text.slice(skipSpaces(text, 0));
}
