import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exampleCitation } from '../graph/examples.js';
import { Bilingual, CategoryId, Citation, ConceptRef } from '../graph/model.js';
import { retrieve } from '../graph/retrieval.js';
import { jsonReply, problemReplies } from './schemas.js';

const RetrieveBody = z.strictObject({
  query: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(500, 'must be at most 500 characters')
    .describe('A question in Korean or English'),
  maxFacts: z.number().int().min(1).max(50).default(12).describe('Most facts returned (1–50, default 12)'),
  hops: z
    .union([z.literal(1), z.literal(2)])
    .default(1)
    .describe('1: relations of the named concepts; 2: also of their neighbours (discounted)'),
});

const RetrieveReply = z.object({
  query: z.string(),
  language: z.enum(['en', 'ko']).describe('Language detected in the query; `context` is written in it'),
  concepts: z.array(
    z.object({
      id: z.string(),
      name: Bilingual,
      category: CategoryId,
      summary: Bilingual,
      score: z.number(),
      matched: z.string().describe('The name or alias found in the query'),
    }),
  ),
  facts: z.array(
    z.object({
      id: z.string(),
      sentence: Bilingual,
      subject: ConceptRef,
      type: z.string(),
      object: ConceptRef,
      confidence: z.number(),
      score: z.number(),
      citations: z.array(z.number().int()).describe('Numbers of entries in `citations`'),
    }),
  ),
  citations: z.array(Citation.extend({ n: z.number().int() })),
  context: z.string().describe('Ready-to-paste text: numbered facts with [n] markers, then the numbered sources'),
});

export const retrieveRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/retrieve',
    {
      schema: {
        tags: ['learning'],
        operationId: 'retrieveFacts',
        summary: 'Grounded facts for a chatbot question',
        description:
          'Finds the concepts a question names (names and aliases in both languages, small typos allowed), gathers the relations around them, ranks them by fit ' +
          '(relation type asked about, both ends named, confidence; two-hop facts discounted) and returns numbered facts with citations and a context block. ' +
          'A question about nothing in the graph gets an empty `facts` list. Deterministic.',
        body: RetrieveBody.meta({ examples: [{ query: 'runc는 누가 관리하나요?', maxFacts: 5, hops: 1 }] }),
        response: {
          200: jsonReply(RetrieveReply, 'Facts, citations and a context block', {
            query: 'What does containerd implement?',
            language: 'en',
            concepts: [
              {
                id: 'containerd',
                name: { en: 'containerd', ko: 'containerd' },
                category: 'runtime',
                summary: { en: 'containerd is a high-level container runtime.', ko: 'containerd는 고수준 컨테이너 런타임이다.' },
                score: 1,
                matched: 'containerd',
              },
            ],
            facts: [
              {
                id: 'containerd:IMPLEMENTS:cri',
                sentence: { en: 'containerd implements Container Runtime Interface', ko: 'containerd는 CRI를 구현한다' },
                subject: { id: 'containerd', name: { en: 'containerd', ko: 'containerd' } },
                type: 'IMPLEMENTS',
                object: { id: 'cri', name: { en: 'Container Runtime Interface', ko: 'CRI' } },
                confidence: 1,
                score: 1.6,
                citations: [1],
              },
            ],
            citations: [{ ...exampleCitation, n: 1 }],
            context:
              'Facts from the concept graph (numbers in brackets point to sources):\n1. containerd implements Container Runtime Interface. [1]\n\nSources:\n[1] Docker concepts — study notes, section “containerd”',
          }),
          ...problemReplies(400, 413, 415, 500, 503),
        },
      },
    },
    async (request) => retrieve(app.graphDb, await app.catalogue.get(), request.body),
  );
};
