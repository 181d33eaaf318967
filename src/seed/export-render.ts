// Writes seed entries in the form their file already uses. The form is learnt from the file itself, field by
// field (a flow map `{ en: Docker, ko: 도커 }` or a block, plain or double-quoted strings, `1.0` or `1`), so
// nothing here names a field of the seed: a field added to the schema is written like its neighbours in
// kind, and once authors have written it by hand, the way they wrote it. A value is written plain only where
// reading it back gives the same value.
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { readPlainYaml } from './plain-yaml.js';

type Quote = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';

interface FieldStyle {
  flow?: boolean;
  quote?: Quote;
  minFractionDigits?: number;
}

/** The form of each field path (`name`, `name.en`, `sources[]`, `sources[].section`) as the file writes it. */
export type Styles = Map<string, FieldStyle>;

/** Entries read to learn the form: enough to see every field, few enough to stay fast on a large file. */
const sampleSize = 400;
/** A value with no learnt form is written on one line when that line stays within this many columns. */
const flowWidth = 120;

class Votes {
  private readonly counts = new Map<string, Map<string, number>>();
  add(path: string, aspect: string, choice: string | number | boolean): void {
    const key = `${path}\u0000${aspect}`;
    const choices = this.counts.get(key) ?? new Map<string, number>();
    choices.set(JSON.stringify(choice), (choices.get(JSON.stringify(choice)) ?? 0) + 1);
    this.counts.set(key, choices);
  }
  styles(): Styles {
    const styles: Styles = new Map();
    for (const [key, choices] of this.counts) {
      const [path = '', aspect = ''] = key.split('\u0000');
      const [winner = 'null'] = [...choices].sort(([, a], [, b]) => b - a)[0] ?? [];
      styles.set(path, { ...styles.get(path), [aspect]: JSON.parse(winner) });
    }
    return styles;
  }
}

function learnNode(node: unknown, path: string, votes: Votes): void {
  if (isMap(node)) {
    votes.add(path, 'flow', node.flow === true);
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      learnNode(pair.value, path ? `${path}.${key}` : key, votes);
    }
  } else if (isSeq(node)) {
    votes.add(path, 'flow', node.flow === true);
    for (const item of node.items) learnNode(item, `${path}[]`, votes);
  } else if (isScalar(node)) {
    if (typeof node.value === 'string' && node.type) votes.add(path, 'quote', node.type);
    // How many digits after the point the file writes (1.0 and 0.8 both write one).
    if (typeof node.value === 'number') votes.add(path, 'minFractionDigits', /\.(\d+)$/.exec(node.source ?? '')?.[1]?.length ?? 0);
  }
}

/** Learns the form of each field from entries' lines (each entry a `- field: …` block). */
export function learnStyles(entries: string[][]): Styles {
  const votes = new Votes();
  for (const lines of entries.slice(0, sampleSize)) {
    const doc = parseDocument(lines.join('\n'));
    const list = doc.contents;
    if (isSeq(list)) learnNode(list.items[0], '', votes);
  }
  return votes.styles();
}

const isScalarValue = (value: unknown) => value === null || typeof value !== 'object';

function plainReadsBack(text: string, inFlow: boolean): boolean {
  if (text === '' || text.trim() !== text) return false;
  const read = readPlainYaml(inFlow ? `k: [${text}]` : `k: ${text}`)?.value.k;
  return inFlow ? Array.isArray(read) && read.length === 1 && read[0] === text : read === text;
}

function scalarText(value: unknown, style: FieldStyle | undefined, inFlow: boolean): string {
  if (typeof value === 'number') {
    const digits = style?.minFractionDigits ?? 0;
    const text = String(value);
    const fraction = text.includes('.') ? (text.split('.')[1]?.length ?? 0) : 0;
    return digits > fraction && !text.includes('e') ? value.toFixed(digits) : text;
  }
  if (typeof value !== 'string') return String(value);
  const quote = style?.quote ?? 'PLAIN';
  if (quote === 'PLAIN' && plainReadsBack(value, inFlow)) return value;
  if (quote === 'QUOTE_SINGLE' && !value.includes('\n')) return `'${value.replaceAll("'", "''")}'`;
  return JSON.stringify(value);
}

/** A value on one line, as inside a flow collection. */
function flowText(value: unknown, path: string, styles: Styles): string {
  if (Array.isArray(value)) return `[${value.map((item) => flowText(item, `${path}[]`, styles)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).map(([key, v]) => `${key}: ${flowText(v, `${path}.${key}`, styles)}`);
    return fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`;
  }
  return scalarText(value, styles.get(path), true);
}

/** Whether a collection goes on one line: as learnt, else when it holds only scalars and fits. */
function writtenFlow(value: object, path: string, styles: Styles, column: number): boolean {
  const learnt = styles.get(path)?.flow;
  if (learnt !== undefined) return learnt;
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.every(isScalarValue) && column + flowText(value, path, styles).length <= flowWidth;
}

/** `key: value` at `indent`, with the lines under it when the value is a block. */
export function renderField(key: string, value: unknown, path: string, indent: number, styles: Styles): string[] {
  const pad = ' '.repeat(indent);
  if (value === null || typeof value !== 'object') return [`${pad}${key}: ${scalarText(value, styles.get(path), false)}`];
  if (writtenFlow(value, path, styles, indent + key.length + 2)) return [`${pad}${key}: ${flowText(value, path, styles)}`];
  if (Array.isArray(value)) return [`${pad}${key}:`, ...value.flatMap((item) => renderItem(item, `${path}[]`, indent + 2, styles))];
  return [`${pad}${key}:`, ...Object.entries(value).flatMap(([k, v]) => renderField(k, v, `${path}.${k}`, indent + 2, styles))];
}

/** `- item` at `indent`; an item that is a block map starts its first field on the dash's line. */
export function renderItem(value: unknown, path: string, indent: number, styles: Styles): string[] {
  const pad = ' '.repeat(indent);
  if (value === null || typeof value !== 'object') return [`${pad}- ${scalarText(value, styles.get(path), false)}`];
  if (Array.isArray(value) || writtenFlow(value, path, styles, indent + 2)) return [`${pad}- ${flowText(value, path, styles)}`];
  const fields = Object.entries(value).map(([k, v]) => renderField(k, v, path ? `${path}.${k}` : k, indent + 2, styles));
  return asItem(fields.flat(), indent);
}

/** Lines of a block map at `indent + 2` made into a list item: the first line takes the dash. */
export function asItem(lines: string[], indent: number): string[] {
  const [first = '', ...rest] = lines;
  return [`${' '.repeat(indent)}- ${first.slice(indent + 2)}`, ...rest];
}
