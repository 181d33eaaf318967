import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { readLayout } from '../../src/seed/export-layout.js';
import { learnFieldOrder, renderEntry } from '../../src/seed/export-merge.js';
import { learnStyles, renderField } from '../../src/seed/export-render.js';

async function fileSpec(file: string, listKey: string) {
  const layout = readLayout(file, await readFile(`graph-seed/${file}`, 'utf8'), listKey, []);
  const styles = learnStyles(layout.entries.map((entry) => entry.lines));
  return {
    layout,
    styles,
    fieldOrder: learnFieldOrder(
      layout.entries.map((entry) => entry.value),
      [],
    ),
  };
}

describe('writing seed entries in their file’s form', () => {
  for (const [file, listKey] of [
    ['concepts.yaml', 'concepts'],
    ['relations.yaml', 'relations'],
  ] as const) {
    it(`writes the entries of ${file} from their values alone as the file writes them, but for quotes an author added`, async () => {
      const spec = await fileSpec(file, listKey);
      let identical = 0;
      for (const entry of spec.layout.entries) {
        const rendered = renderEntry(entry.value, spec);
        if (rendered.join('\n') === entry.lines.join('\n')) identical++;
        else {
          // The only liberty: a value an author quoted where plain would read the same is written plain.
          expect(rendered).toEqual(entry.lines.map((line, i) => (line === rendered[i] ? line : line.replaceAll('"', ''))));
        }
      }
      expect(identical / spec.layout.entries.length).toBeGreaterThan(0.95);
    });
  }

  it('writes a number with the digits after the point its file uses', async () => {
    const { styles } = await fileSpec('relations.yaml', 'relations');
    expect(renderField('confidence', 1, 'confidence', 4, styles)).toEqual(['    confidence: 1.0']);
    expect(renderField('confidence', 0.8, 'confidence', 4, styles)).toEqual(['    confidence: 0.8']);
  });

  it('quotes a value a field writes plain when plain would read as something else', async () => {
    const { styles } = await fileSpec('concepts.yaml', 'concepts');
    for (const en of ['1.0', 'true', 'null', 'a: b', 'x #y', '- item', '[list]', ' padded', 'say "hi"', 'two\nlines']) {
      const [line = ''] = renderField('name', { en, ko: '값' }, 'name', 0, styles);
      expect(YAML.parse(line).name).toEqual({ en, ko: '값' });
    }
    expect(renderField('name', { en: 'Docker Engine', ko: '도커 엔진' }, 'name', 4, styles)).toEqual([
      '    name: { en: Docker Engine, ko: 도커 엔진 }',
    ]);
  });

  it('writes a field it has no form for on one line when short and of scalars, as a block otherwise', () => {
    const styles = learnStyles([]);
    expect(renderField('gloss', 'a short note', 'gloss', 4, styles)).toEqual(['    gloss: a short note']);
    expect(renderField('phrase', { en: 'a runtime', ko: '런타임' }, 'phrase', 4, styles)).toEqual([
      '    phrase: { en: a runtime, ko: 런타임 }',
    ]);
    const long = 'word '.repeat(30).trim();
    expect(renderField('phrase', { en: long, ko: 'x' }, 'phrase', 4, styles)).toEqual(['    phrase:', `      en: ${long}`, '      ko: x']);
    expect(renderField('refs', [{ source: 'notes' }], 'refs', 4, styles)).toEqual(['    refs:', '      - { source: notes }']);
  });
});
