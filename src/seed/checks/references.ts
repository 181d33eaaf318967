// References and grounding: every id a file names exists, nothing is listed twice, every concept and relation
// cites the notes or a page of official documentation, and every background page carries its URL.
import { must } from '../../must.js';
import { type RelationTypeDef, type SourceRef, seedFiles } from '../schema.js';
import { type CheckInput, entryLabel, type FileKey, type KnownIds } from './context.js';

export function findDuplicates<T>(items: T[], keyOf: (item: T) => string): Map<string, number[]> {
  const seen = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    const indexes = seen.get(key);
    if (indexes) indexes.push(index);
    else seen.set(key, [index]);
  });
  return new Map([...seen].filter(([, indexes]) => indexes.length > 1));
}

/** What the files name, looked up once for all the reference checks. */
interface Names {
  sections: Map<string, Set<string>>;
  sourceKinds: Map<string, string>;
  categoryIds: Set<string>;
  conceptIds: Set<string>;
  types: Map<string, RelationTypeDef>;
  /** Named in a file but dropped for a schema error (reported already), or in a file that could not be read. */
  unchecked: (file: keyof KnownIds, id: string) => boolean;
}

function namesOf({ data, known }: CheckInput): Names {
  return {
    sections: new Map(data.sources.map((source) => [source.id, new Set(source.sections.map((section) => section.id))])),
    sourceKinds: new Map(data.sources.map((source) => [source.id, source.kind])),
    categoryIds: new Set(data.categories.map((category) => category.id)),
    conceptIds: new Set(data.concepts.map((concept) => concept.id)),
    types: new Map(data.relationTypes.map((type) => [type.key, type])),
    unchecked: (file, id) => known[file] === undefined || known[file].has(id),
  };
}

/**
 * Citations: each names a known source and section, and at least one is the notes or a page of official
 * documentation (a section of a background source, which carries the page's URL); an article alone is not enough.
 */
function checkCitations(
  { report }: CheckInput,
  names: Names,
  fileKey: 'concepts' | 'relations',
  index: number,
  entry: string,
  refs: SourceRef[],
) {
  const grounded = refs.some((ref) => {
    const kind = names.sourceKinds.get(ref.source);
    return kind === 'notes' || (kind === 'background' && ref.section !== undefined);
  });
  if (!grounded) {
    report(
      fileKey,
      [fileKey, index, 'sources'],
      entry,
      'cites neither a section of the notes nor a page of the background documentation',
      'add { source: notes, section: <section id> } or { source: background, section: <page id> } (a page listed with its URL in sources.yaml)',
    );
  }
  refs.forEach((ref, refIndex) => {
    const sections = names.sections.get(ref.source);
    if (!sections && names.unchecked('sources', ref.source)) return;
    const where = [fileKey, index, 'sources', refIndex];
    if (!sections) {
      report(fileKey, where, entry, `cites unknown source '${ref.source}'`, `use one of: ${[...names.sections.keys()].join(', ')}`);
    } else if (ref.section && !sections.has(ref.section)) {
      report(
        fileKey,
        where,
        entry,
        `cites unknown section '${ref.section}' of source '${ref.source}'`,
        `use one of: ${[...sections].join(', ') || '(that source has no sections; drop "section")'}`,
      );
    }
  });
}

function checkDuplicates({ data, report }: CheckInput): void {
  const duplicateChecks: [FileKey, string, Map<string, number[]>][] = [
    ['categories', 'id', findDuplicates(data.categories, (c) => c.id)],
    ['sources', 'id', findDuplicates(data.sources, (s) => s.id)],
    ['relationTypes', 'key', findDuplicates(data.relationTypes, (t) => t.key)],
    ['concepts', 'id', findDuplicates(data.concepts, (c) => c.id)],
  ];
  for (const [fileKey, field, duplicates] of duplicateChecks) {
    const key = seedFiles[fileKey].key;
    for (const [value, indexes] of duplicates) {
      for (const index of indexes.slice(1)) {
        report(
          fileKey,
          [key, index, field],
          `${key}[${index}] (${field}: ${value})`,
          `duplicate ${field} '${value}' (first at ${key}[${indexes[0]}])`,
          `rename it or merge the two entries`,
        );
      }
    }
  }
}

function checkSources({ data, report }: CheckInput, names: Names): void {
  data.sources.forEach((source, index) => {
    const entry = `sources[${index}] (id: ${source.id})`;
    for (const [value, [, second = 0]] of findDuplicates(source.sections, (section) => section.id)) {
      report('sources', ['sources', index, 'sections', second], entry, `duplicate section id '${value}'`, 'give each section its own id');
    }
    if (source.kind === 'background') {
      source.sections.forEach((section, sectionIndex) => {
        if (section.url) return;
        report(
          'sources',
          ['sources', index, 'sections', sectionIndex],
          entry,
          `section '${section.id}' has no url: every citation of background documentation must link to its page`,
          'add url: https://… (the official documentation page)',
        );
      });
    }
    for (const derived of source.derivedFrom ?? []) {
      if (!names.sections.has(derived))
        report('sources', ['sources', index, 'derivedFrom'], entry, `derivedFrom names unknown source '${derived}'`);
    }
  });
}

/** The categories and relation types a relation type's rules name exist. */
function checkRuleNames({ data, report }: CheckInput, names: Names): void {
  const knownCategory = (category: string) => names.categoryIds.has(category) || names.unchecked('categories', category);
  data.relationTypes.forEach((type, index) => {
    const entry = `relationTypes[${index}] (key: ${type.key})`;
    for (const side of ['domain', 'range'] as const) {
      const rule = type[side];
      for (const category of rule ? ('only' in rule ? rule.only : rule.not) : []) {
        if (!knownCategory(category)) {
          report(
            'relationTypes',
            ['relationTypes', index, side],
            entry,
            `${side} names category '${category}', which is not in categories.yaml`,
          );
        }
      }
    }
    for (const named of [type.excludesParts, ...(type.examples?.types ?? [])]) {
      if (named && !names.types.has(named) && !names.unchecked('relationTypes', named)) {
        report('relationTypes', ['relationTypes', index], entry, `names relation type '${named}', which is not in the catalogue`);
      }
    }
    for (const category of type.examples?.categories ?? []) {
      if (!knownCategory(category)) {
        report(
          'relationTypes',
          ['relationTypes', index, 'examples'],
          entry,
          `examples names category '${category}', which is not in categories.yaml`,
        );
      }
    }
  });
}

function checkConcepts(input: CheckInput, names: Names): void {
  const { data, report } = input;
  data.concepts.forEach((concept, index) => {
    const entry = `concepts[${index}] (id: ${concept.id})`;
    if (!names.categoryIds.has(concept.category) && !names.unchecked('categories', concept.category)) {
      report(
        'concepts',
        ['concepts', index, 'category'],
        entry,
        `category '${concept.category}' is not in categories.yaml`,
        `add it there or use one of: ${[...names.categoryIds].join(', ')}`,
      );
    }
    for (const language of ['en', 'ko'] as const) {
      const name = concept.name[language].toLowerCase();
      if (concept.aliases[language].some((alias) => alias.toLowerCase() === name)) {
        report(
          'concepts',
          ['concepts', index, 'aliases', language],
          entry,
          `aliases.${language} repeats the name '${concept.name[language]}'`,
          'remove the alias; the name is searched anyway',
        );
      }
    }
    checkCitations(input, names, 'concepts', index, entry, concept.sources);
  });
}

function checkRelations(input: CheckInput, names: Names): void {
  const { data, report } = input;
  const triples = findDuplicates(data.relations, (r) => {
    const [a, b] = names.types.get(r.type)?.symmetric ? [r.subject, r.object].sort() : [r.subject, r.object];
    return `${a}|${r.type}|${b}`;
  });
  for (const [, indexes] of triples) {
    for (const index of indexes.slice(1)) {
      const r = must(data.relations[index], 'duplicate relation');
      const symmetric = names.types.get(r.type)?.symmetric ? ` (${r.type} is symmetric: list each pair once)` : '';
      report(
        'relations',
        ['relations', index],
        entryLabel('relations', index, r),
        `duplicates relations[${indexes[0]}]${symmetric}`,
        'delete one of the two',
      );
    }
  }
  data.relations.forEach((relation, index) => {
    const entry = entryLabel('relations', index, relation);
    for (const end of ['subject', 'object'] as const) {
      if (!names.conceptIds.has(relation[end]) && !names.unchecked('concepts', relation[end])) {
        report(
          'relations',
          ['relations', index, end],
          entry,
          `${end} '${relation[end]}' is not a concept id`,
          `add it to concepts.yaml or fix the spelling`,
        );
      }
    }
    if (!names.types.has(relation.type) && !names.unchecked('relationTypes', relation.type)) {
      report(
        'relations',
        ['relations', index, 'type'],
        entry,
        `type '${relation.type}' is not in the relation-type catalogue`,
        `add it to relation-types.yaml or use one of: ${[...names.types.keys()].join(', ')}`,
      );
    }
    if (relation.subject === relation.object) report('relations', ['relations', index], entry, 'relates a concept to itself', 'remove it');
    checkCitations(input, names, 'relations', index, entry, relation.sources);
  });
}

export function checkReferences(input: CheckInput): void {
  const names = namesOf(input);
  checkDuplicates(input);
  checkSources(input, names);
  checkRuleNames(input, names);
  checkConcepts(input, names);
  checkRelations(input, names);
}
