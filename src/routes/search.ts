import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exampleConcept } from '../graph/examples.js';
import { SearchHit, searchConcepts } from '../graph/search.js';
import { jsonReply, limitParam, notModifiedReply, problemReplies, sourceParam } from './schemas.js';

export const searchRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/search',
    {
      config: { cost: 'compute' },
      schema: {
        tags: ['search'],
        operationId: 'searchConcepts',
        summary: 'Search concepts in English or Korean',
        description:
          'Concepts ranked by relevance: exact names and aliases first, then prefixes ("contai" finds container and containerd), then words in names and summaries. ' +
          'Korean and English alike ("저수준 런타임", "도커 데몬", "union fs"); a small typo still finds the concept.',
        querystring: z.strictObject({
          q: z
            .string()
            // Something besides white space, stated so the document says what trimming leaves: the class lists
            // exactly what String.prototype.trim removes, in escapes every regex engine reads alike.
            .regex(/[^\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/, 'must not be empty')
            .trim()
            .min(1, 'must not be empty')
            .max(200, 'must be at most 200 characters')
            // Normalisation can multiply the length (one '㌖' is six characters, one U+FDFA eighteen).
            .refine((q) => [...q.normalize('NFKC')].length <= 200, 'must be at most 200 characters after Unicode normalisation (NFKC)')
            .describe('Search text (1–200 characters)')
            .meta({ examples: ['도커 데몬'] }),
          source: sourceParam,
          limit: limitParam(10, 50).meta({ examples: [5] }),
        }),
        response: {
          200: jsonReply(z.object({ items: z.array(SearchHit) }), 'Matching concepts, best first', {
            items: [{ concept: exampleConcept, score: 1, matched: { field: 'name', how: 'exact', text: 'containerd' } }],
          }),
          ...notModifiedReply,
          ...problemReplies(400, 500, 503),
        },
      },
    },
    async (request) => ({
      items: await searchConcepts(request.graphDb, await app.catalogue.get(), request.query.q, request.query.limit, request.query.source),
    }),
  );
};
