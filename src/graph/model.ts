// The domain model as zod schemas: the seed files, the API and the OpenAPI document all derive from these.
import { z } from 'zod';

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const relationTypeKeyPattern = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;

export const ConceptId = z
  .string()
  .min(1)
  .max(80)
  .regex(slugPattern, 'must be a kebab-case slug such as docker-daemon (lower-case ASCII letters, digits, single dashes)')
  .describe('Concept id: an ASCII kebab-case slug')
  .meta({ examples: ['containerd'] });

export const RelationTypeKey = z
  .string()
  .min(1)
  .max(60)
  .regex(relationTypeKeyPattern, 'must be UPPER_SNAKE_CASE such as IMPLEMENTS')
  .describe('Relation type key from the catalogue (GET /v1/relation-types)')
  .meta({ examples: ['IMPLEMENTS'] });

export const Bilingual = z.object({ en: z.string().min(1), ko: z.string().min(1) });
z.globalRegistry.add(Bilingual, { id: 'Bilingual', description: 'The same text in English and Korean' });

/** Confidence levels and what they mean; the seed accepts only these values. */
export const confidenceLevels = {
  1: 'stated in the notes',
  0.8: 'directly implied by the notes, or stated in the official documentation cited',
  0.6: 'background knowledge consistent with the cited sources, added to connect concepts',
} as const;

/**
 * Kinds of source: the study notes; the articles the notes were written from; `background`, official
 * documentation cited page by page (each section a URL) for what a learner meets beyond the notes.
 */
export const SourceKind = z.enum(['notes', 'article', 'background']).describe('What kind of source this is');
export type SourceKind = z.infer<typeof SourceKind>;

/**
 * Where an element of the graph comes from: `notes` when any of its citations is the study notes,
 * `background` otherwise (official documentation). Stored as the `provenance` property on every
 * concept and relationship the seed writes.
 */
export const Provenance = z.enum(['notes', 'background']).describe('notes: supported by the study notes; background: official docs only');
export type Provenance = z.infer<typeof Provenance>;

// Categories are data: graph-seed/categories.yaml lists them (GET /v1/categories), so an author adds one
// there without touching code; the seed check rejects a concept whose category is not listed.
export const CategoryId = z
  .string()
  .min(1)
  .max(80)
  .regex(slugPattern, 'must be a kebab-case category id such as runtime')
  .describe('Concept category id, one of GET /v1/categories')
  .meta({ examples: ['runtime'] });
export type CategoryId = z.infer<typeof CategoryId>;

// ---- Replies -------------------------------------------------------------------------------------

export const Citation = z
  .object({
    sourceId: z.string(),
    title: Bilingual,
    url: z
      .string()
      .nullable()
      .describe(
        "Link to the cited page (the section's own page for background documentation); null for the study notes, which have no public address",
      ),
    section: z
      .object({ id: z.string(), heading: z.string().describe('The heading as written in the source'), title: Bilingual })
      .nullable(),
  })
  .describe('Where a concept or relation comes from');
z.globalRegistry.add(Citation, { id: 'Citation' });
export type Citation = z.infer<typeof Citation>;

export const ConceptRef = z.object({ id: z.string(), name: Bilingual }).describe('A concept named in both languages');
z.globalRegistry.add(ConceptRef, { id: 'ConceptRef' });

export const ConceptSummary = z.object({ id: z.string(), name: Bilingual, category: CategoryId });
z.globalRegistry.add(ConceptSummary, { id: 'ConceptSummary' });
export type ConceptSummary = z.infer<typeof ConceptSummary>;

export const Concept = z.object({
  id: z.string(),
  name: Bilingual,
  aliases: z.object({ en: z.array(z.string()), ko: z.array(z.string()) }),
  summary: Bilingual,
  category: CategoryId,
  tags: z.array(z.string()),
  sources: z.array(Citation),
  provenance: Provenance,
});
z.globalRegistry.add(Concept, { id: 'Concept' });
export type Concept = z.infer<typeof Concept>;

export const Relation = z
  .object({
    id: z.string().describe('subject:TYPE:object'),
    type: z.string(),
    subject: ConceptRef,
    object: ConceptRef,
    sentence: Bilingual.describe('The relation read as a sentence, subject first'),
    confidence: z
      .number()
      .describe('1.0 stated in the notes; 0.8 directly implied by them; 0.6 background knowledge consistent with the sources'),
    sources: z.array(Citation),
    provenance: Provenance,
  })
  .describe('A typed relation between two concepts, readable without the catalogue');
z.globalRegistry.add(Relation, { id: 'Relation' });
export type Relation = z.infer<typeof Relation>;

export const RelationTypeInfo = z.object({
  key: z.string(),
  symmetric: z.boolean(),
  learningOrder: z.boolean().describe('True for the prerequisite type that orders learning'),
  hierarchy: z.boolean().describe('True for the kind-of hierarchy (IS_A)'),
  description: Bilingual,
  forward: Bilingual.describe('Template read from the subject: {s} and {o} stand for the names'),
  inverse: Bilingual.describe('Template read from the object'),
  keywords: z
    .object({ en: z.array(z.string()), ko: z.array(z.string()) })
    .describe('Question words that point at this type (used by retrieval)'),
  count: z.number().int().describe('Relations of this type in the graph'),
});
z.globalRegistry.add(RelationTypeInfo, { id: 'RelationType' });
export type RelationTypeInfo = z.infer<typeof RelationTypeInfo>;

export const CategoryInfo = z.object({ id: CategoryId, name: Bilingual, description: Bilingual, count: z.number().int() });
z.globalRegistry.add(CategoryInfo, { id: 'Category' });

export const SourceInfo = z.object({
  id: z.string(),
  kind: SourceKind,
  title: Bilingual,
  language: z.enum(['en', 'ko']),
  url: z.string().nullable(),
  derivedFrom: z.array(z.string()),
  sections: z.array(
    z.object({
      id: z.string(),
      heading: z.string(),
      title: Bilingual,
      url: z.string().optional().describe('The page, when the section is one (background documentation)'),
    }),
  ),
});
z.globalRegistry.add(SourceInfo, { id: 'Source' });
export type SourceInfo = z.infer<typeof SourceInfo>;
