// The plain reader either reads a text exactly as `yaml` does or declines it; it must never answer differently.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { readPlainYaml } from '../../src/seed/plain-yaml.js';
import { seedFiles } from '../../src/seed/schema.js';

/** Texts inside the subset: the reader must answer, with `yaml`'s data. */
const readable = [
  'a: 1\nb: -2\nc: 1.0\nd: .5\ne: 1.\nf: +3\ng: 007\nh: -0.0\n',
  'a: true\nb: False\nc: TRUE\nd: null\ne: ~\nf:\ng: Null\nh: yes\ni: no\nj: on\n',
  'a: plain text, with commas [and] brackets {too}\nb: a#b\nc: x # comment\nd: https://example.org/a#b\n',
  'a: "double \\"quoted\\" \\\\ \\n \\t \\u00e9 \\/"\nb: \'it\'\'s\'\nc: "" # empty\nd: \'\'\n',
  'a: 도커는 컨테이너를 쓴다\nb: "도커: 플랫폼"\nc:   spaced   \n',
  'list:\n  - a\n  - "b"\n  - 3\n  - [x, y]\n  - { k: v }\n',
  'list:\n- a\n- b\nnext: 1\n',
  'items:\n  - id: one\n    name: { en: One, ko: 하나 }\n    tags: [a, b]\n    nested:\n      deep: [1, 2.5, true, null, "q, r"]\n  - id: two\n    empty: []\n    none: {}\n',
  '# comment\n\nkeys:\n  # inside\n  - subject: a   # trailing\n\n    object: b\n',
  'a: { en: [what, kind], ko: ["무엇", \'종류\'] }\n',
  'a: x\r\nb: y\r\n',
  'a: 123456789012\nb: 0o17x\nc: 0xZZ\n',
  'a: -x\nb: ?x\nc: :x\nd: key:value\ne: [a:b]\n',
];

/** Texts outside the subset (or not YAML at all): the reader must decline and leave them to `yaml`. */
const declined = [
  'a: &anchor 1\nb: *anchor\n',
  'a: !!str 1\n',
  'a: |\n  block\n',
  'a: >\n  folded\n',
  'a: plain\n  continued\n',
  'a: "quoted\n  continued"\n',
  'a: 1\na: 2\n',
  'a: { k: 1, k: 2 }\n',
  '---\na: 1\n',
  '%YAML 1.2\n---\na: 1\n',
  'a:\n\t- tab\n',
  'a: 0x1F\n',
  'a: 1e3\n',
  'a: .inf\n',
  'a: 12345678901234567890\n',
  'a: "\\x41"\n',
  '"quoted key": 1\n',
  '? complex\n: key\n',
  'a: [1, 2,]\n',
  'a: [1, [2, 3]\n',
  'list:\n  -\n    a: 1\n',
  'list:\n  - - nested\n',
  'a:\n    b: 1\n  c: 2\n',
  'a: b: c\n',
  '- top level list\n',
  'just a scalar\n',
  '',
  'a: [unclosed\n',
  'a: "unclosed\n',
  'true: 1\n',
  '__proto__: 1\n',
  'a: x\u2028y\n',
  'a: @at\n',
  'a: `tick\n',
];

describe('readPlainYaml', () => {
  it.each(readable)('reads %j exactly as yaml does', (text) => {
    const plain = readPlainYaml(text);
    expect(plain).toBeDefined();
    expect(plain?.value).toStrictEqual(YAML.parse(text));
  });

  it.each(declined)('leaves %j to yaml', (text) => {
    expect(readPlainYaml(text)).toBeUndefined();
  });

  it.each(Object.values(seedFiles).map((spec) => spec.file))('reads graph-seed/%s, and reads it as yaml does', async (file) => {
    const text = await readFile(`graph-seed/${file}`, 'utf8');
    const plain = readPlainYaml(text);
    expect(plain, 'the seed files keep to the plain subset, or the check slows down a hundredfold').toBeDefined();
    expect(plain?.value).toStrictEqual(YAML.parse(text));
  });

  it('records where each item of a top-level list starts and ends', () => {
    const text =
      'relations:\n  # first\n  - subject: a\n    object: b\n\n  - subject: c\n    sources:\n      - { source: notes }\nother: 1\n';
    const plain = readPlainYaml(text);
    expect(plain?.items.get('relations')).toEqual({ start: [3, 6], end: [4, 8] });
  });

  it('agrees with yaml on generated seed data, value for value', { timeout: 30_000 }, () => {
    const relations = Array.from({ length: 500 }, (_, i) => ({
      subject: `gen-${i}`,
      type: ['USES', 'REQUIRES'][i % 2],
      object: `gen-${i + 1}`,
      confidence: [1, 0.8, 0.6][i % 3],
      sources: [{ source: 'notes', section: `s-${i % 7}` }],
      note: [`plain ${i}`, `colon: ${i}`, `hash #${i}`, `"quoted" ${i}`, `'single' ${i}`, `${i}`, `${i}.5`, 'true', '', '한국어: 문장'][
        i % 10
      ],
    }));
    for (const text of [
      YAML.stringify({ relations }),
      YAML.stringify({ relations }, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' }),
    ]) {
      const plain = readPlainYaml(text);
      expect(plain).toBeDefined();
      expect(plain?.value).toStrictEqual(YAML.parse(text));
    }
  });
});
