import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { readLayout } from '../../src/seed/export-layout.js';
import { learnFieldOrder, type MergeSpec, mergeEntries } from '../../src/seed/export-merge.js';
import { learnStyles } from '../../src/seed/export-render.js';

type Entry = Record<string, unknown>;

const concepts = `# Concepts.
#
# Grouped by category.
concepts:
  # ── platform ──
  - id: docker
    name: { en: Docker, ko: 도커 }
    category: platform
    summary:
      en: "Docker runs containers."
    tags: [fundamentals]

  - id: kubernetes
    name: { en: Kubernetes, ko: 쿠버네티스 }
    category: platform
    summary:
      en: "Kubernetes runs clusters."
    tags: [orchestration]

  # ── runtime ──
  - id: runc
    name: { en: runc, ko: runc }
    reading: 런씨
    category: runtime
    summary:
      en: "runc starts containers."
    tags: [container-runtime]
`;

function merge(text: string, change: (entries: Entry[]) => Entry[], anchorOf: MergeSpec['anchorOf'] = () => -1) {
  const layout = readLayout('concepts.yaml', text, 'concepts', ['']);
  const values = YAML.parse(text).concepts as Entry[];
  return mergeEntries({
    layout,
    styles: learnStyles(layout.entries.map((entry) => entry.lines)),
    fieldOrder: learnFieldOrder(values, []),
    current: change(structuredClone(values)),
    keyOf: (entry) => String(entry.id),
    anchorOf,
  });
}

const lastOfCategory: MergeSpec['anchorOf'] = (entry, kept) => kept.findLast(({ value }) => value.category === entry.category)?.index ?? -1;

describe('merging the graph’s entries into a seed file', () => {
  it('gives back the file byte for byte when nothing changed, in any order of the entries', () => {
    const result = merge(concepts, (entries) => entries.reverse());
    expect(result.text).toBe(concepts);
    expect(result).toMatchObject({ created: [], updated: [], deleted: [] });
  });

  it('rewrites only the line of a changed field, keeping how the others are written', () => {
    const result = merge(concepts, (entries) => {
      (entries[1] as { summary: { en: string } }).summary.en = 'Kubernetes schedules containers: on many machines.';
      return entries;
    });
    expect(result.updated).toEqual(['kubernetes']);
    expect(result.text).toBe(concepts.replace('"Kubernetes runs clusters."', '"Kubernetes schedules containers: on many machines."'));
  });

  it('adds and removes an optional field in the place the file gives it', () => {
    const result = merge(concepts, (entries) => {
      (entries[0] as Entry).reading = '도커';
      delete (entries[2] as Entry).reading;
      return entries;
    });
    expect(result.text).toBe(concepts.replace('ko: 도커 }\n', 'ko: 도커 }\n    reading: 도커\n').replace('    reading: 런씨\n', ''));
  });

  it('drops a removed entry with the comments that belong to it, and keeps the section heading above it', () => {
    const withNote = concepts
      .replace('  - id: kubernetes', '  # A note on kubernetes only.\n  - id: kubernetes')
      .replace('\n\n  # A note', '\n  # A note');
    const removedNoted = merge(withNote, (entries) => entries.filter((e) => e.id !== 'kubernetes'));
    expect(removedNoted.deleted).toEqual(['kubernetes']);
    expect(removedNoted.text).not.toContain('kubernetes');
    expect(removedNoted.text).toContain('  # ── runtime ──\n  - id: runc');

    const removedFirst = merge(concepts, (entries) => entries.filter((e) => e.id !== 'runc' && e.id !== 'docker'));
    expect(removedFirst.text).toBe(
      '# Concepts.\n#\n# Grouped by category.\nconcepts:\n  # ── platform ──\n' +
        concepts.slice(concepts.indexOf('  - id: kubernetes'), concepts.indexOf('\n\n  # ── runtime')) +
        '\n\n  # ── runtime ──\n',
    );
  });

  it('puts a new entry after the last one its anchor names, in the file’s form and field order', () => {
    const result = merge(
      concepts,
      (entries) => [
        ...entries,
        { id: 'podman', name: { en: 'Podman', ko: '포드맨' }, category: 'platform', summary: { en: 'Podman runs containers.' }, tags: [] },
        { id: 'crun', name: { en: 'crun', ko: 'crun' }, category: 'runtime', summary: { en: 'crun, in C.' }, tags: [], reading: '씨런' },
      ],
      lastOfCategory,
    );
    expect(result.created).toEqual(['podman', 'crun']);
    const podman =
      '  - id: podman\n    name: { en: Podman, ko: 포드맨 }\n    category: platform\n    summary:\n      en: "Podman runs containers."\n    tags: []\n';
    const crun =
      '  - id: crun\n    name: { en: crun, ko: crun }\n    reading: 씨런\n    category: runtime\n    summary:\n      en: "crun, in C."\n    tags: []\n';
    expect(result.text).toBe(
      concepts
        .replace('[orchestration]\n', `[orchestration]\n\n${podman}`)
        .replace('[container-runtime]\n', `[container-runtime]\n\n${crun}`),
    );
  });

  it('orders fields as the entries write them, a field of the schema no entry has yet beside its schema neighbours', () => {
    const entries = [
      { id: 1, name: 1, aliases: 1 },
      { id: 1, name: 1, reading: 1, aliases: 1 },
      { id: 1, name: 1, article: 1, reading: 1 },
    ];
    expect(learnFieldOrder(entries, ['id', 'name', 'aliases', 'summary', 'gloss', 'sources'])).toEqual([
      'id',
      'name',
      'article',
      'reading',
      'aliases',
      'summary',
      'gloss',
      'sources',
    ]);
  });
});
