// One validator for the seed and for writes over HTTP: a write is checked by the same rules as
// `seed --check` (src/seed/checks/), run over the catalogue files plus the part of the graph the changed
// element touches (its ends, the relations between them, and the chains a rule follows), never the whole
// graph. Only problems of the changed element are reported: the rest of the graph passed the rules already.
import { type CheckInput, type FileKey, runChecks } from '../../seed/checks/index.js';
import type { Category, ConceptDef, RelationDef, RelationTypeDef, SeedData, Source } from '../../seed/schema.js';

/** What cannot change over HTTP: read from the seed files once per process. */
export interface CatalogueFiles {
  categories: Category[];
  sources: Source[];
  relationTypes: RelationTypeDef[];
}

/** The neighbourhood a write is checked in; the changed element is given apart. */
export interface Neighbourhood {
  concepts: ConceptDef[];
  relations: RelationDef[];
}

export interface RuleProblem {
  /** Path of the field inside the element (e.g. `sources`, `name.ko`); empty for the element as a whole. */
  path: string;
  message: string;
  fix?: string;
}

export type ChangedElement = { kind: 'concept'; concept: ConceptDef } | { kind: 'relation'; relation: RelationDef };

function problemsOf(catalogue: CatalogueFiles, concepts: ConceptDef[], relations: RelationDef[], fileKey: FileKey, changedIndex: number) {
  const problems: (RuleProblem & { onChanged: boolean })[] = [];
  const input: CheckInput = {
    data: { ...catalogue, concepts, relations } satisfies SeedData,
    known: {
      categories: new Set(catalogue.categories.map((c) => c.id)),
      sources: new Set(catalogue.sources.map((s) => s.id)),
      relationTypes: new Set(catalogue.relationTypes.map((t) => t.key)),
      // A relation's ends are looked up in the graph: an end the neighbourhood lacks does not exist.
      concepts: new Set(concepts.map((c) => c.id)),
    },
    report: (file, itemPath, _entry, message, fix) => {
      const [, index, ...field] = itemPath;
      const onChanged = file === fileKey && index === changedIndex;
      problems.push({ path: onChanged ? field.join('.') : '', message, ...(fix ? { fix } : {}), onChanged });
    },
  };
  runChecks(input, { schemaDroppedTypes: false });
  return problems;
}

/**
 * The concept fields a relation rule reads: the category (whether a relation's type fits its ends, the
 * learning-order rules) and the sources (a relation may cite the notes only when both ends are concepts the
 * notes mention). A concept change that keeps these cannot change what a relation rule says, so it is checked
 * without reading the concept's relations (test/graph/curation/validate.test.ts holds the rules to this list).
 */
export const conceptFieldsRelationRulesRead = ['id', 'category', 'sources'] as const;

/** Whether a concept change can change what the rules say about its relations (a new concept has none). */
export function conceptChangeReachesRelations(before: ConceptDef | null, after: ConceptDef): boolean {
  if (!before) return false;
  return conceptFieldsRelationRulesRead.some((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

/**
 * Runs every seed rule over the neighbourhood before and after the change and returns the problems the change
 * brings: those of the changed element, and any other the rules now find (a REQUIRES cycle is reported on
 * the edge that closes it, a pair related by both PART_OF and USES on the USES edge).
 */
export function checkElement(catalogue: CatalogueFiles, neighbourhood: Neighbourhood, changed: ChangedElement): RuleProblem[] {
  const isChanged =
    changed.kind === 'concept'
      ? (c: ConceptDef) => c.id === changed.concept.id
      : (r: RelationDef) =>
          r.subject === changed.relation.subject && r.type === changed.relation.type && r.object === changed.relation.object;
  const before = problemsOf(catalogue, neighbourhood.concepts, neighbourhood.relations, 'concepts', -1);
  const known = new Set(before.map((p) => p.message));
  // The changed element goes last: a duplicate is then reported on it, not on the entry it repeats.
  const concepts = neighbourhood.concepts.filter((c) => changed.kind !== 'concept' || !isChanged(c as never));
  const relations = neighbourhood.relations.filter((r) => changed.kind !== 'relation' || !isChanged(r as never));
  if (changed.kind === 'concept') concepts.push(changed.concept);
  else relations.push(changed.relation);
  const fileKey = changed.kind === 'concept' ? 'concepts' : 'relations';
  const changedIndex = (changed.kind === 'concept' ? concepts : relations).length - 1;
  return problemsOf(catalogue, concepts, relations, fileKey, changedIndex)
    .filter((p) => p.onChanged || !known.has(p.message))
    .map(({ onChanged: _, ...problem }) => problem);
}
