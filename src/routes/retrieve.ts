import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { exampleCitation } from '../graph/examples.js';
import { RetrieveReply, RetrieveRequest } from '../graph/retrieval/index.js';
import { jsonReply, problemReplies } from './schemas.js';

export const retrieveRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/retrieve',
    {
      config: { cost: 'compute' },
      schema: {
        tags: ['learning'],
        operationId: 'retrieveFacts',
        summary: 'Grounded facts for a chatbot question',
        description:
          'Finds the concepts a question names (names and aliases in both languages, Korean particles, small typos) or describes (its words in their summaries), ' +
          'ranks facts over the whole graph (personalised PageRank from those concepts, the relation types the question asks about, both ends named, paths between them, shared words) ' +
          'and returns numbered facts with citations and a context block: definitions, facts, sources, within `maxContextChars`. ' +
          'Learning-order (REQUIRES) facts appear only when the question asks what to learn first. ' +
          'A question about nothing in the graph gets an empty `facts` list. Deterministic.',
        body: RetrieveRequest.meta({ examples: [{ query: 'runc는 누가 관리하나요?', maxFacts: 5 }] }),
        response: {
          200: jsonReply(RetrieveReply, 'Definitions, facts, citations and a context block', {
            query: 'What does containerd implement?',
            language: 'en',
            learningOrder: false,
            concepts: [
              {
                id: 'containerd',
                name: { en: 'containerd', ko: 'containerd' },
                category: 'runtime',
                summary: { en: 'containerd is a high-level container runtime.', ko: 'containerd는 고수준 컨테이너 런타임이다.' },
                score: 1,
                how: 'named',
                matched: 'containerd',
              },
            ],
            facts: [
              {
                id: 'containerd:IMPLEMENTS:cri',
                sentence: { en: 'containerd implements the Container Runtime Interface', ko: 'containerd는 CRI를 구현한다' },
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
              'What these are:\n- containerd: containerd is a high-level container runtime.\n\n' +
              'Facts from the concept graph (numbers in brackets point to sources):\n1. containerd implements the Container Runtime Interface. [1]\n\n' +
              'Sources:\n[1] Docker concepts — study notes, section “containerd”',
          }),
          ...problemReplies(400, 413, 415, 500, 503),
        },
      },
    },
    async (request) => app.retriever.retrieve(await app.catalogue.get(), request.body),
  );
};
