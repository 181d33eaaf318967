import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exampleCitation, exampleConceptSummary, exampleRelation } from '../graph/examples.js';
import { learningPath } from '../graph/learning-path.js';
import { Bilingual, Citation, ConceptId, ConceptRef, ConceptSummary, Relation } from '../graph/model.js';
import { generateQuiz } from '../graph/quiz.js';
import { jsonReply, notModifiedReply, problemReplies } from './schemas.js';

const LearningPath = z.object({
  target: ConceptSummary,
  known: z.array(ConceptSummary),
  steps: z.array(
    z.object({
      position: z.number().int().describe('1 = learn first'),
      concept: ConceptSummary,
      because: z.array(Relation).describe('The prerequisite relations that put this concept on the path'),
    }),
  ),
  skipped: z.array(ConceptSummary).describe('Prerequisites left out because a known concept rests on them'),
});

const explanation = z.object({ sentence: Bilingual, relationId: z.string(), citations: z.array(Citation) });
const QuizQuestion = z.discriminatedUnion('kind', [
  z.object({
    id: z.string(),
    kind: z.literal('multiple-choice'),
    prompt: Bilingual,
    choices: z.array(ConceptRef),
    answer: z.object({ conceptId: z.string() }),
    explanation,
  }),
  z.object({
    id: z.string(),
    kind: z.literal('true-false'),
    prompt: Bilingual,
    statement: Bilingual,
    claim: z.object({ subject: z.string(), type: z.string(), object: z.string() }).describe('The statement as a triple of concept ids'),
    answer: z.object({ value: z.boolean() }),
    explanation,
  }),
  z.object({
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
  }),
]);
z.globalRegistry.add(QuizQuestion, { id: 'QuizQuestion' });

const Quiz = z.object({
  seed: z.string().describe('Pass it back as `seed` to get the same quiz'),
  concept: ConceptRef.nullable(),
  questions: z.array(QuizQuestion),
});

const idList = z
  .string()
  .max(2000)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(,[a-z0-9]+(?:-[a-z0-9]+)*)*$/, 'must be concept ids separated by commas')
  .transform((value) => [...new Set(value.split(','))]);

export const learningRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/learning-path',
    {
      schema: {
        tags: ['learning'],
        operationId: 'getLearningPath',
        summary: 'What to learn before a concept, in order',
        description:
          'Every prerequisite of `target` (following REQUIRES), ordered so that each comes after its own prerequisites, ' +
          'leaving out the concepts in `known` and everything they rest on. Each step names the relations that put it on the path.',
        querystring: z.strictObject({
          target: ConceptId.describe('The concept to reach').meta({ examples: ['libcontainer'] }),
          known: idList
            .optional()
            .describe('Concept ids the learner already understands, comma-separated')
            .meta({ examples: ['container'] }),
        }),
        response: {
          200: jsonReply(LearningPath, 'The ordered path', {
            target: { id: 'runc', name: { en: 'runc', ko: 'runc' }, category: 'runtime' },
            known: [],
            steps: [
              {
                position: 1,
                concept: exampleConceptSummary,
                because: [
                  {
                    ...exampleRelation,
                    id: 'runc:REQUIRES:containerd',
                    type: 'REQUIRES',
                    subject: { id: 'runc', name: { en: 'runc', ko: 'runc' } },
                    object: { id: 'containerd', name: { en: 'containerd', ko: 'containerd' } },
                    sentence: { en: 'runc builds on containerd', ko: 'runc는 containerd에 대한 이해를 바탕으로 한다' },
                    confidence: 0.8,
                  },
                ],
              },
            ],
            skipped: [],
          }),
          ...notModifiedReply,
          ...problemReplies(400, 404, 500, 503),
        },
      },
    },
    async (request) =>
      learningPath(
        app.graphDb,
        await app.catalogue.get(),
        request.query.target,
        (request.query.known ?? []).filter((id) => id !== request.query.target),
      ),
  );

  app.get(
    '/quiz',
    {
      schema: {
        tags: ['learning'],
        operationId: 'generateQuiz',
        summary: 'A quiz generated from relations',
        description:
          'Multiple-choice, true/false and fill-in-the-blank questions in both languages, each with its answer, the fact behind it and its citation. ' +
          'Distractors are checked against the graph to be wrong (same category where possible). The same `seed` gives the same quiz; without one a seed is chosen and returned.',
        querystring: z.strictObject({
          concept: ConceptId.optional().describe('Ask about this concept; omit for the whole graph'),
          count: z.coerce
            .number()
            .int()
            .min(1)
            .max(20)
            .default(5)
            .describe('Number of questions (1–20, default 5)')
            .meta({ examples: [3] }),
          seed: z
            .string()
            .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, dashes or underscores')
            .optional()
            .describe('Makes the quiz repeatable')
            .meta({ examples: ['lesson-1'] }),
        }),
        response: {
          200: jsonReply(Quiz, 'The quiz', {
            seed: 'lesson-1',
            concept: { id: 'containerd', name: { en: 'containerd', ko: 'containerd' } },
            questions: [
              {
                id: 'mc:containerd:IMPLEMENTS:cri:s',
                kind: 'multiple-choice',
                prompt: {
                  en: 'Which of these implements Container Runtime Interface?',
                  ko: '다음 중 빈칸에 알맞은 것은? (    )은(는) CRI를 구현한다',
                },
                choices: [
                  { id: 'runc', name: { en: 'runc', ko: 'runc' } },
                  { id: 'containerd', name: { en: 'containerd', ko: 'containerd' } },
                  { id: 'lxc', name: { en: 'LXC', ko: 'LXC' } },
                ],
                answer: { conceptId: 'containerd' },
                explanation: { sentence: exampleRelation.sentence, relationId: exampleRelation.id, citations: [exampleCitation] },
              },
            ],
          }),
          ...notModifiedReply,
          ...problemReplies(400, 404, 500, 503),
        },
      },
    },
    async (request) =>
      generateQuiz(app.graphDb, await app.catalogue.get(), {
        concept: request.query.concept,
        count: request.query.count,
        seed: request.query.seed ?? randomBytes(6).toString('base64url'),
      }),
  );
};
