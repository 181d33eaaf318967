// The quiz as the API returns it: three question shapes, a discriminated union of them, and the quiz.
import { z } from 'zod';
import { Bilingual, Citation, ConceptRef } from '../model.js';

const explanation = z.object({ sentence: Bilingual, relationId: z.string(), citations: z.array(Citation) });

export const MultipleChoiceQuestion = z.object({
  id: z.string(),
  kind: z.literal('multiple-choice'),
  prompt: Bilingual,
  choices: z.array(ConceptRef),
  answer: z.object({ conceptId: z.string() }),
  explanation,
});
export const TrueFalseQuestion = z.object({
  id: z.string(),
  kind: z.literal('true-false'),
  prompt: Bilingual,
  statement: Bilingual,
  claim: z.object({ subject: z.string(), type: z.string(), object: z.string() }).describe('The statement as a triple of concept ids'),
  answer: z.object({ value: z.boolean() }),
  explanation,
});
export const FillInTheBlankQuestion = z.object({
  id: z.string(),
  kind: z.literal('fill-in-the-blank'),
  prompt: Bilingual,
  answer: z.object({
    conceptId: z.string(),
    text: Bilingual,
    accepted: z.object({ en: z.array(z.string()), ko: z.array(z.string()) }).describe('Names and aliases of every correct answer'),
    alsoCorrect: z.array(z.string()).describe('Other concept ids that make the sentence true'),
  }),
  explanation,
});

/**
 * Each variant is a named component and the union carries an OpenAPI `discriminator` on `kind`, so client
 * generators make one model per variant and pick it by its tag (inline variants gave anonymous, clashing models).
 */
const questionVariants = {
  'multiple-choice': { schema: MultipleChoiceQuestion, id: 'MultipleChoiceQuestion' },
  'true-false': { schema: TrueFalseQuestion, id: 'TrueFalseQuestion' },
  'fill-in-the-blank': { schema: FillInTheBlankQuestion, id: 'FillInTheBlankQuestion' },
} as const;
for (const { schema, id } of Object.values(questionVariants)) z.globalRegistry.add(schema, { id });

export const QuizQuestion = z.discriminatedUnion('kind', [MultipleChoiceQuestion, TrueFalseQuestion, FillInTheBlankQuestion]);
z.globalRegistry.add(QuizQuestion, {
  id: 'QuizQuestion',
  description: 'One question; `kind` says which of the three shapes it has',
  discriminator: {
    propertyName: 'kind',
    mapping: Object.fromEntries(Object.entries(questionVariants).map(([kind, { id }]) => [kind, `#/components/schemas/${id}`])),
  },
});
export type QuizQuestion = z.infer<typeof QuizQuestion>;

export const Quiz = z.object({
  seed: z.string().describe('Pass it back as `seed` to get the same quiz'),
  concept: ConceptRef.nullable(),
  requested: z.number().int().describe('The `count` asked for'),
  available: z
    .number()
    .int()
    .describe('How many different questions the facts read allow; when fewer than `requested`, the quiz has only these'),
  questions: z.array(QuizQuestion),
});
export type Quiz = z.infer<typeof Quiz>;

export type QuestionKind = QuizQuestion['kind'];
/** Every question kind, in the order a quiz's seed shuffles them. */
export const questionKinds: QuestionKind[] = ['multiple-choice', 'true-false', 'fill-in-the-blank'];
