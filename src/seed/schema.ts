// The shape of the files in graph-seed/. Objects are strict so a misspelt key is an error, not a silent no-op.
import { z } from 'zod';
import {
  Bilingual,
  CategoryId,
  ConceptId,
  confidenceLevels,
  type Provenance,
  RelationTypeKey,
  SourceKind,
  slugPattern,
} from '../graph/model.js';
import { englishArticles } from '../graph/sentences.js';

const text = z.string().trim().min(1, 'must not be empty');
const bilingual = z.strictObject({ en: text, ko: text });
const slug = z.string().regex(slugPattern, 'must be a kebab-case slug (lower-case ASCII letters, digits, single dashes)');

export const SourceRef = z.strictObject({
  source: slug,
  section: slug.optional(),
});

export const CategoriesFile = z.strictObject({
  categories: z.array(
    z.strictObject({
      id: CategoryId,
      name: bilingual,
      description: bilingual,
    }),
  ),
});

export const SourcesFile = z.strictObject({
  sources: z.array(
    z.strictObject({
      id: slug,
      kind: SourceKind,
      title: bilingual,
      language: z.enum(['en', 'ko']),
      url: z.url({ protocol: /^https?$/ }).nullable(),
      derivedFrom: z.array(slug).optional(),
      sections: z.array(
        z.strictObject({
          id: slug,
          heading: text,
          title: bilingual,
          /** The page this section is; required in a `background` source, whose every citation must carry a URL. */
          url: z.url({ protocol: /^https$/ }).optional(),
        }),
      ),
    }),
  ),
});

const template = text;
/** Categories a relation's end may (`only`) or may not (`not`) have: one of the two, never both. */
const categoryRule = z.union([z.strictObject({ only: z.array(CategoryId).min(1) }), z.strictObject({ not: z.array(CategoryId).min(1) })]);
export const RelationTypesFile = z.strictObject({
  relationTypes: z.array(
    z.strictObject({
      key: RelationTypeKey,
      symmetric: z.boolean(),
      learningOrder: z.boolean().optional(),
      /** The kind-of hierarchy (IS_A): quizzes never offer a broader or narrower concept of the answer as a wrong choice. */
      hierarchy: z.boolean().optional(),
      description: bilingual,
      forward: z.strictObject({ en: template, ko: template }),
      inverse: z.strictObject({ en: template, ko: template }),
      /** Words in a question that point at this type ("difference", "차이"), used by retrieval. */
      keywords: z.strictObject({ en: z.array(text), ko: z.array(text) }).optional(),
      /** Categories the subject (domain) and the object (range) may have; checked by `seed --check`. */
      domain: categoryRule.optional(),
      range: categoryRule.optional(),
      /** A type that excludes parts (USES): never on a pair whose object is a part of the subject through this type. */
      excludesParts: RelationTypeKey.optional(),
      /**
       * On the learning-order type: Y is an example of X when Y is a kind of X (the hierarchy type), or when X has
       * one of `categories` (a general notion) and Y relates to X by one of `types`; X must not require its examples.
       */
      examples: z.strictObject({ types: z.array(RelationTypeKey), categories: z.array(CategoryId) }).optional(),
    }),
  ),
});

export const ConceptsFile = z.strictObject({
  concepts: z.array(
    z.strictObject({
      id: ConceptId,
      name: bilingual,
      /**
       * The article a common noun takes in English sentences ("a container", "the Linux kernel"); omitted for
       * product and proper names, mass nouns and plurals, which stay bare (containerd, virtualization, cgroups).
       */
      article: z.enum(englishArticles).optional(),
      aliases: z.strictObject({ en: z.array(text), ko: z.array(text) }),
      category: CategoryId,
      tags: z.array(slug),
      summary: bilingual,
      /**
       * How people describe the concept without naming it ("the small process left beside each container"), a
       * few phrases per language: retrieval matches a question told in such words to the concept.
       */
      describedAs: z.strictObject({ en: z.array(text).max(8), ko: z.array(text).max(8) }).optional(),
      /** How the Korean name is read, in Hangul, when its spelling does not tell (kubelet: 큐블릿); picks its particles. */
      reading: text.optional(),
      sources: z.array(SourceRef).min(1, 'cite at least one source'),
    }),
  ),
});

const confidenceValues = Object.keys(confidenceLevels).map(Number);
export const RelationsFile = z.strictObject({
  relations: z.array(
    z.strictObject({
      subject: ConceptId,
      type: RelationTypeKey,
      object: ConceptId,
      confidence: z.number().refine((value) => confidenceValues.includes(value), {
        message: `must be one of ${Object.entries(confidenceLevels)
          .map(([value, meaning]) => `${Number(value).toFixed(1)} (${meaning})`)
          .join(', ')}`,
      }),
      /**
       * Questions this fact answers, as people ask them ("who starts runc?"), a few per language: retrieval
       * reads their words, less the names of the fact's two ends, as the words that ask for this link.
       */
      askedAs: z.strictObject({ en: z.array(text).max(8), ko: z.array(text).max(8) }).optional(),
      sources: z.array(SourceRef).min(1, 'cite at least one source'),
    }),
  ),
});

export type Category = z.infer<typeof CategoriesFile>['categories'][number];
export type Source = z.infer<typeof SourcesFile>['sources'][number];
export type RelationTypeDef = z.infer<typeof RelationTypesFile>['relationTypes'][number];
export type ConceptDef = z.infer<typeof ConceptsFile>['concepts'][number];
export type RelationDef = z.infer<typeof RelationsFile>['relations'][number];
export type SourceRef = z.infer<typeof SourceRef>;

export interface SeedData {
  categories: Category[];
  sources: Source[];
  relationTypes: RelationTypeDef[];
  concepts: ConceptDef[];
  relations: RelationDef[];
}

/**
 * `notes` when any citation is a source of kind notes, else `background`. The seed writes it on every
 * concept and relationship, so a reader can keep to what the notes support.
 */
export function provenanceOf(sources: Pick<Source, 'id' | 'kind'>[]): (refs: SourceRef[]) => Provenance {
  const notes = new Set(sources.filter((source) => source.kind === 'notes').map((source) => source.id));
  return (refs) => (refs.some((ref) => notes.has(ref.source)) ? 'notes' : 'background');
}

/** The files of a seed folder, in the order they are validated. */
export const seedFiles = {
  categories: { file: 'categories.yaml', schema: CategoriesFile, key: 'categories', label: 'id' },
  sources: { file: 'sources.yaml', schema: SourcesFile, key: 'sources', label: 'id' },
  relationTypes: { file: 'relation-types.yaml', schema: RelationTypesFile, key: 'relationTypes', label: 'key' },
  concepts: { file: 'concepts.yaml', schema: ConceptsFile, key: 'concepts', label: 'id' },
  relations: { file: 'relations.yaml', schema: RelationsFile, key: 'relations', label: null },
} as const;

export { Bilingual };
