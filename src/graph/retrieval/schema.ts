// The shapes retrieval answers with, as zod schemas: the route's reply schema and the domain's types come from here.
import { z } from 'zod';
import { codePointLength, normalizeText } from '../language/index.js';
import { Bilingual, CategoryId, Citation, ConceptRef } from '../model.js';
import { retrievalWeights } from './weights.js';

export const Language = z.enum(['en', 'ko']);
export type Language = z.infer<typeof Language>;

export const RetrievedConcept = z.object({
  id: z.string(),
  name: Bilingual,
  category: CategoryId,
  summary: Bilingual,
  score: z.number(),
  how: z.enum(['named', 'described']).describe('named: the question uses its name or alias (a typo allowed); described: its summary fits'),
  matched: z.string().describe('The name or alias found in the question, or the words its summary shares with it'),
});
export type RetrievedConcept = z.infer<typeof RetrievedConcept>;

export const RetrievedFact = z.object({
  id: z.string(),
  sentence: Bilingual,
  subject: ConceptRef,
  type: z.string(),
  object: ConceptRef,
  confidence: z.number(),
  score: z.number(),
  citations: z.array(z.number().int()).describe('Numbers of entries in `citations`'),
});
export type RetrievedFact = z.infer<typeof RetrievedFact>;

export const NumberedCitation = Citation.extend({ n: z.number().int() });
export type NumberedCitation = z.infer<typeof NumberedCitation>;

export const RetrieveReply = z.object({
  query: z.string(),
  language: Language.describe('Language detected in the query; `context` is written in it'),
  learningOrder: z.boolean().describe('The question asks what to learn first, so learning-order (REQUIRES) facts may appear'),
  concepts: z.array(RetrievedConcept).describe('The concepts the question is about, best first'),
  facts: z.array(RetrievedFact).describe('Claims about how the concepts relate, best first'),
  citations: z.array(NumberedCitation),
  context: z
    .string()
    .describe(
      'Ready-to-paste text: definitions of the concepts asked about, numbered facts with [n] markers, then the sources; ' +
        'within `maxContextChars`, the lowest-ranked material dropped first',
    ),
});
export type RetrieveReply = z.infer<typeof RetrieveReply>;

const { question, context } = retrievalWeights;

export const RetrieveRequest = z.strictObject({
  query: z
    .string()
    // The raw text must hold a visible character, and a first cap keeps normalising cheap. The real limit is
    // checked after NFKC, in code points: one character can expand to eighteen (U+FDFA), and decomposed
    // Korean (NFD, as macOS writes it) shrinks to a third, so a 1,200-jamo question of 400 syllables is fine.
    .min(1, 'must not be empty')
    .max(question.maxCodePoints * 4, `must be at most ${question.maxCodePoints} characters`)
    .regex(/\S/u, 'must not be blank')
    .superRefine((text, ctx) => {
      const normalized = normalizeText(text).trim();
      if (normalized.length === 0) ctx.addIssue({ code: 'custom', message: 'must not be empty' });
      else if (codePointLength(normalized) > question.maxCodePoints)
        ctx.addIssue({
          code: 'custom',
          message: `must be at most ${question.maxCodePoints} characters after Unicode normalisation (NFKC)`,
        });
    })
    .describe(`A question in Korean or English (at most ${question.maxCodePoints} characters after NFKC normalisation)`),
  maxFacts: z.number().int().min(1).max(50).default(12).describe('Most facts returned (1–50, default 12)'),
  hops: z
    .union([z.literal(1), z.literal(2)])
    .default(1)
    .describe("How far from the question's concepts facts are gathered: 2 looks twice as wide"),
  maxContextChars: z
    .number()
    .int()
    .min(context.minChars)
    .max(context.maxChars)
    .default(context.defaultChars)
    .describe(
      `Budget of \`context\` in characters (${context.minChars}–${context.maxChars}, default ${context.defaultChars}; about a quarter as many tokens in English)`,
    ),
});
export type RetrieveRequest = z.infer<typeof RetrieveRequest>;
