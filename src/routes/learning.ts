import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exampleCitation, exampleRelation } from '../graph/examples.js';
import { LearningPath, learningPath } from '../graph/learning-path.js';
import { ConceptId } from '../graph/model.js';
import { generateQuiz } from '../graph/quiz.js';
import { Quiz } from '../graph/quiz-rules.js';
import { jsonReply, notModifiedReply, problemReplies } from './schemas.js';

const idList = z
  .string()
  .max(2000)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(,[a-z0-9]+(?:-[a-z0-9]+)*)*$/, 'must be concept ids separated by commas')
  .transform((value) => [...new Set(value.split(','))]);

// Each route's options (cost, schema, documented replies) are a constant named after its operation; the
// plugin at the end pairs each with its path and handler.
const getLearningPathOptions = {
  config: { cost: 'compute' },
  schema: {
    tags: ['learning'],
    operationId: 'getLearningPath',
    summary: 'What to learn before a concept, in order',
    description:
      'Every prerequisite of `target` (following REQUIRES), leaving out the concepts in `known` and everything they rest on. ' +
      'Depth-first from the target: each prerequisite comes just before the first step that builds on it, so a topic and its groundwork stay together. ' +
      'Each step says which later steps need it (`because`, `why`); `skippedAsKnown` counts what was left out as known; ' +
      '`maxSteps` keeps only the steps nearest the target.',
    querystring: z.strictObject({
      target: ConceptId.describe('The concept to reach').meta({ examples: ['libcontainer'] }),
      known: idList
        .optional()
        .describe('Concept ids the learner already understands, comma-separated')
        .meta({ examples: ['container'] }),
      maxSteps: z.coerce
        .number()
        .int()
        .min(1)
        .max(100)
        .optional()
        .describe('Just the essentials: keep only this many steps, the nearest to the target (1–100; default all)')
        .meta({ examples: [10] }),
    }),
    response: {
      200: jsonReply(LearningPath, 'The ordered path', {
        target: { id: 'libcontainer', name: { en: 'libcontainer', ko: 'libcontainer' }, category: 'component' },
        known: [{ id: 'container', name: { en: 'Container', ko: '컨테이너' }, category: 'infrastructure' }],
        steps: [
          {
            position: 1,
            concept: { id: 'linux-namespaces', name: { en: 'Linux namespace', ko: '네임스페이스' }, category: 'kernel-feature' },
            distance: 1,
            because: [
              {
                ...exampleRelation,
                id: 'libcontainer:REQUIRES:linux-namespaces',
                type: 'REQUIRES',
                subject: { id: 'libcontainer', name: { en: 'libcontainer', ko: 'libcontainer' } },
                object: { id: 'linux-namespaces', name: { en: 'Linux namespace', ko: '네임스페이스' } },
                sentence: {
                  en: 'libcontainer builds on Linux namespace',
                  ko: 'libcontainer는 네임스페이스에 대한 이해를 바탕으로 한다',
                },
              },
            ],
            why: { en: 'Needed for the target (libcontainer)', ko: '목표 libcontainer의 바탕이 된다' },
          },
        ],
        skipped: [{ id: 'process-isolation', name: { en: 'Process isolation', ko: '프로세스 격리' }, category: 'idea' }],
        skippedAsKnown: 2,
        omitted: 0,
        truncated: false,
      }),
      ...notModifiedReply,
      ...problemReplies(400, 404, 500, 503),
    },
  },
} as const;

const generateQuizOptions = {
  config: { cost: 'compute' },
  schema: {
    tags: ['learning'],
    operationId: 'generateQuiz',
    summary: 'A quiz generated from relations',
    description:
      'Multiple-choice, true/false and fill-in-the-blank questions in both languages, each with its answer, the fact behind it and its citation. ' +
      'One question per fact, never two with the same prompt. Wrong choices are clearly wrong by the graph: not a kind, part or whole of the answer, ' +
      'not linked to the question’s other concept, its kinds or its parts, and the fact does not hold for them or their kinds; the answer’s kind and category come first. ' +
      'True/false only from facts stated in the notes (confidence 1.0). `available` says how many questions the facts allow when fewer than `requested`. ' +
      'The same `seed` gives the same quiz; without one a seed is chosen and returned.',
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
        requested: 5,
        available: 5,
        questions: [
          {
            id: 'mc:containerd:IMPLEMENTS:cri:s',
            kind: 'multiple-choice',
            prompt: {
              en: 'Which of these implements the Container Runtime Interface?',
              ko: '다음 중 CRI를 구현하는 것은?',
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
} as const;

export const learningRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/learning-path', getLearningPathOptions, async (request) =>
    learningPath(request.graphDb, await app.catalogue.get(), {
      target: request.query.target,
      known: request.query.known ?? [],
      maxSteps: request.query.maxSteps,
    }),
  );

  app.get('/quiz', generateQuizOptions, async (request) =>
    generateQuiz(request.graphDb, await app.catalogue.get(), {
      concept: request.query.concept,
      count: request.query.count,
      seed: request.query.seed ?? randomBytes(6).toString('base64url'),
    }),
  );
};
