// Reading the project's Markdown for the docs tests: fenced blocks, links, heading anchors, tables, and the
// `curl` examples with their `# expect` lines, turned into requests the test app can answer.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface MarkdownFile {
  /** Path from the repository root, e.g. `docs/api.md`. */
  file: string;
  lines: string[];
}

export function readMarkdown(file: string): MarkdownFile {
  return { file, lines: readFileSync(file, 'utf8').split('\n') };
}

export interface FencedBlock {
  /** The info string after the opening fence, e.g. `sh checked`. */
  info: string;
  /** 1-based line of the first line inside the fence. */
  firstLine: number;
  lines: string[];
}

export function fencedBlocks(doc: MarkdownFile): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: { fence: string; block: FencedBlock } | undefined;
  doc.lines.forEach((line, index) => {
    const fence = /^(\s*)(`{3,}|~{3,})(.*)$/.exec(line);
    if (open) {
      if (fence?.[2]?.startsWith(open.fence) && fence[3]?.trim() === '') open = undefined;
      else open.block.lines.push(line);
    } else if (fence?.[2]) {
      open = { fence: fence[2], block: { info: (fence[3] ?? '').trim(), firstLine: index + 2, lines: [] } };
      blocks.push(open.block);
    }
  });
  return blocks;
}

/** Lines outside fenced blocks, with their 1-based numbers. */
function outsideFences(doc: MarkdownFile): { line: number; text: string }[] {
  const inside = new Set<number>();
  for (const block of fencedBlocks(doc)) {
    // The opening fence, the block's lines and the closing fence.
    for (let line = block.firstLine - 1; line <= block.firstLine + block.lines.length; line++) inside.add(line);
  }
  return doc.lines.flatMap((text, index) => (inside.has(index + 1) ? [] : [{ line: index + 1, text }]));
}

/** Prose lines with inline code blanked out, so that code showing Markdown syntax is not read as links. */
export function proseLines(doc: MarkdownFile): { line: number; text: string }[] {
  return outsideFences(doc).map(({ line, text }) => ({ line, text: text.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length)) }));
}

export interface Link {
  line: number;
  target: string;
}

export function links(doc: MarkdownFile): Link[] {
  const found: Link[] = [];
  for (const { line, text } of proseLines(doc)) {
    for (const match of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) found.push({ line, target: match[1] ?? '' });
  }
  return found;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
export function headingSlug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor the file's headings make, with GitHub's `-1`, `-2` suffixes for repeats. */
export function anchors(doc: MarkdownFile): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const { text } of outsideFences(doc)) {
    const heading = /^#{1,6}\s+(.*)$/.exec(text.trimEnd());
    if (!heading) continue;
    const slug = headingSlug(heading[1] ?? '');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** Rows of the first table after the heading `heading` (e.g. `## Routes`) and before the next one, as trimmed cells. */
export function tableAfter(doc: MarkdownFile, heading: string): { line: number; cells: string[] }[] {
  const prose = outsideFences(doc);
  const start = prose.findIndex(({ text }) => text.trim() === heading);
  if (start === -1) throw new Error(`${doc.file} has no heading "${heading}"`);
  const rows: { line: number; cells: string[] }[] = [];
  for (const { line, text } of prose.slice(start + 1)) {
    if (/^#{1,6}\s/.test(text)) break;
    if (!text.startsWith('|')) {
      if (rows.length > 0) break;
      continue;
    }
    const cells = text
      .replace(/^\|/, '')
      .replace(/\|\s*$/, '')
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    rows.push({ line, cells });
  }
  // The header row and its --- separator.
  return rows.slice(2);
}

/** Targets of the Markdown links in a table cell. */
export function cellLinks(cell: string): { text: string; target: string }[] {
  return [...cell.matchAll(/\[([^\]]*)\]\(([^)\s]+)\)/g)].map((match) => ({ text: match[1] ?? '', target: match[2] ?? '' }));
}

/** Resolves a link target written in `fromFile` to a path from the repository root (without its #anchor). */
export function resolveLink(fromFile: string, target: string): { file: string; anchor: string | undefined } {
  const [pathPart = '', anchor] = target.split('#', 2);
  const file = pathPart === '' ? fromFile : path.normalize(path.join(path.dirname(fromFile), decodeURIComponent(pathPart)));
  return { file, anchor };
}

// ---------------------------------------------------------------------------------------------------------
// curl examples

export type Expectation =
  | { kind: 'status'; status: number }
  | { kind: 'equals'; target: string; value: unknown }
  | { kind: 'contains'; target: string; value: unknown }
  | { kind: 'exists'; target: string }
  | { kind: 'non-empty'; target: string };

/** The methods the examples use; anything else is refused so the test never sends what curl would not. */
const exampleMethods = ['GET', 'HEAD', 'POST'] as const;
export type ExampleMethod = (typeof exampleMethods)[number];

export interface CurlExample {
  file: string;
  /** 1-based line of the `curl`. */
  line: number;
  command: string;
  method: ExampleMethod;
  /** Path and query as curl would send them. */
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  expectations: Expectation[];
}

/** Shell words of one command: single quotes literal, double quotes with backslash escapes, no expansion. */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let current: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const char = command[i] as string;
    if (/\s/.test(char)) {
      if (current !== undefined) words.push(current);
      current = undefined;
    } else if (char === "'") {
      const end = command.indexOf("'", i + 1);
      if (end === -1) throw new Error(`unclosed ' in: ${command}`);
      current = (current ?? '') + command.slice(i + 1, end);
      i = end;
    } else if (char === '"') {
      let value = '';
      let j = i + 1;
      for (; j < command.length && command[j] !== '"'; j++) {
        if (command[j] === '\\' && j + 1 < command.length) j++;
        value += command[j];
      }
      if (j >= command.length) throw new Error(`unclosed " in: ${command}`);
      current = (current ?? '') + value;
      i = j;
    } else {
      current = (current ?? '') + char;
    }
  }
  if (current !== undefined) words.push(current);
  return words;
}

/** Where the examples say the API is; a URL elsewhere is a mistake in the docs. */
export const exampleOrigin = 'http://127.0.0.1:3000';

const ignoredFlags = new Set(['-i', '--include', '-s', '--silent', '-S', '-sS', '--show-error', '--compressed']);

/** The request a `curl` command line makes. Throws on anything the test would not send the way curl does. */
export function parseCurl(command: string): Pick<CurlExample, 'method' | 'url' | 'headers' | 'body'> {
  const words = shellWords(command);
  if (words[0] !== 'curl') throw new Error(`not a curl command: ${command}`);
  let method: string | undefined;
  let url: string | undefined;
  let asQuery = false;
  const headers: Record<string, string> = {};
  const data: string[] = [];
  const encoded: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as string;
    const next = (): string => {
      const value = words[++i];
      if (value === undefined) throw new Error(`${word} needs a value in: ${command}`);
      return value;
    };
    if (word === '-X' || word === '--request') method = next();
    else if (word === '-I' || word === '--head') method = 'HEAD';
    else if (word === '-G' || word === '--get') asQuery = true;
    else if (word === '-H' || word === '--header') {
      const header = next();
      const colon = header.indexOf(':');
      if (colon === -1) throw new Error(`a header without a colon: ${header}`);
      headers[header.slice(0, colon).trim().toLowerCase()] = header.slice(colon + 1).trim();
    } else if (word === '-d' || word === '--data' || word === '--data-raw') data.push(next());
    else if (word === '--data-urlencode') {
      const pair = next();
      const equals = pair.indexOf('=');
      encoded.push(equals === -1 ? encodeURIComponent(pair) : `${pair.slice(0, equals)}=${encodeURIComponent(pair.slice(equals + 1))}`);
    } else if (ignoredFlags.has(word)) {
      // Output flags: they change what curl prints, not the request.
    } else if (word.startsWith('-')) throw new Error(`the docs test does not know curl's ${word}; add it to test/docs/markdown.ts`);
    else if (url === undefined) url = word;
    else throw new Error(`a second URL in: ${command}`);
  }
  if (!url?.startsWith(`${exampleOrigin}/`)) throw new Error(`examples call ${exampleOrigin}, not ${url ?? 'nothing'}`);
  let target = url.slice(exampleOrigin.length);
  let body: string | undefined = [...data, ...encoded].join('&') || undefined;
  if (asQuery && body !== undefined) {
    target += (target.includes('?') ? '&' : '?') + body;
    body = undefined;
  }
  // curl sends the URL as written: anything but printable ASCII is refused by Node's HTTP parser.
  if (!/^[\x21-\x7e]+$/.test(target)) throw new Error(`the URL must be percent-encoded ASCII as curl sends it: ${target}`);
  const sent = method ?? (body === undefined ? 'GET' : 'POST');
  if (!exampleMethods.includes(sent as ExampleMethod))
    throw new Error(`the docs test sends only ${exampleMethods.join(', ')}, not ${sent}`);
  return { method: sent as ExampleMethod, url: target, headers, body };
}

/** One `# expect` line: a status, or a property of the reply. */
export function parseExpectation(text: string): Expectation {
  const status = /^(\d{3})$/.exec(text);
  if (status) return { kind: 'status', status: Number(status[1]) };
  const target = '(header [A-Za-z0-9-]+|body|[A-Za-z_$][\\w$]*(?:\\[\\d+\\])*(?:\\.[A-Za-z_$][\\w$]*(?:\\[\\d+\\])*)*)';
  const match = new RegExp(`^${target}\\s+(=|contains|exists|is non-empty)\\s*(.*)$`).exec(text);
  if (!match) throw new Error(`cannot read "# expect ${text}": write a status, or <path> = <json>, contains <json>, exists, is non-empty`);
  const [, path = '', op, value = ''] = match;
  const json = (): unknown => {
    try {
      return JSON.parse(value);
    } catch {
      throw new Error(`"# expect ${text}": ${value} is not a JSON value (quote strings)`);
    }
  };
  if (op === '=') return { kind: 'equals', target: path, value: json() };
  if (op === 'contains') return { kind: 'contains', target: path, value: json() };
  if (op === 'exists') return { kind: 'exists', target: path };
  return { kind: 'non-empty', target: path };
}

/** The curl examples of a block: each command (continued over `\` lines) with the `# expect` lines after it. */
export function curlExamples(doc: MarkdownFile, block: FencedBlock): CurlExample[] {
  const examples: CurlExample[] = [];
  for (let i = 0; i < block.lines.length; i++) {
    const line = (block.lines[i] ?? '').trim();
    if (line.startsWith('curl ')) {
      let command = line;
      const start = i;
      while (command.endsWith('\\') && i + 1 < block.lines.length) command = `${command.slice(0, -1)} ${(block.lines[++i] ?? '').trim()}`;
      examples.push({ file: doc.file, line: block.firstLine + start, command, ...parseCurl(command), expectations: [] });
    } else if (line.startsWith('# expect ')) {
      const example = examples.at(-1);
      if (!example) throw new Error(`${doc.file}:${block.firstLine + i}: "# expect" before any curl`);
      example.expectations.push(parseExpectation(line.slice('# expect '.length).trim()));
    }
  }
  return examples;
}

/** A property of a reply: `header name`, `body` (the raw text), or a path into the JSON body (`items[0].id`). */
export function valueAt(reply: { headers: Record<string, unknown>; body: string; json: unknown }, target: string): unknown {
  const header = /^header (.+)$/.exec(target);
  if (header) return reply.headers[(header[1] ?? '').toLowerCase()];
  if (target === 'body') return reply.body;
  let value: unknown = reply.json;
  for (const step of target.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = step[2] !== undefined ? (value as unknown[])[Number(step[2])] : (value as Record<string, unknown>)[step[1] ?? ''];
  }
  return value;
}
