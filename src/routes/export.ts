import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exampleConcept, exampleRelation } from '../graph/examples.js';
import { dumpGraph, toCytoscape, toGraphml } from '../graph/export.js';
import { Concept, Relation } from '../graph/model.js';
import { notModifiedReply, problemReplies } from './schemas.js';

const GraphJson = z.object({ format: z.literal('json'), nodes: z.array(Concept), edges: z.array(Relation) });
const CytoscapeJson = z.object({
  format: z.literal('cytoscape'),
  elements: z.object({
    nodes: z.array(
      z.object({
        data: z.looseObject({ id: z.string(), label: z.string(), nameEn: z.string(), nameKo: z.string(), category: z.string() }),
      }),
    ),
    edges: z.array(
      z.object({
        data: z.looseObject({
          id: z.string(),
          source: z.string(),
          target: z.string(),
          type: z.string(),
          sentenceEn: z.string(),
          sentenceKo: z.string(),
        }),
      }),
    ),
  }),
});

export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/graph',
    {
      schema: {
        tags: ['graph'],
        operationId: 'exportGraph',
        summary: 'The whole graph for import elsewhere',
        description:
          '`json`: concepts and relations as elsewhere in this API. `cytoscape`: Cytoscape.js elements (`cytoscape({ elements })`). ' +
          '`graphml`: GraphML with typed keys (application/graphml+xml). All carry both languages; ETag and 304 as on other reads.',
        querystring: z.strictObject({
          format: z
            .enum(['json', 'cytoscape', 'graphml'])
            .default('json')
            .describe('Output format')
            .meta({ examples: ['json'] }),
        }),
        response: {
          200: {
            description: 'The graph in the requested format',
            content: {
              'application/json': {
                schema: z.union([GraphJson, CytoscapeJson]),
                example: { format: 'json', nodes: [exampleConcept], edges: [exampleRelation] },
              },
              'application/graphml+xml': {
                schema: z.string(),
                example:
                  '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n  <key id="nameEn" for="node" attr.name="nameEn" attr.type="string"/>\n  <graph id="concept-graph" edgedefault="directed">\n    <node id="containerd"><data key="nameEn">containerd</data></node>\n  </graph>\n</graphml>\n',
              },
            },
          },
          ...notModifiedReply,
          ...problemReplies(400, 500, 503),
        },
      },
    },
    async (request, reply) => {
      const dump = await dumpGraph(app.graphDb, await app.catalogue.get());
      switch (request.query.format) {
        case 'graphml':
          return reply
            .type('application/graphml+xml; charset=utf-8')
            .serializer((payload) => payload as string)
            .send(toGraphml(dump));
        case 'cytoscape':
          return { format: 'cytoscape' as const, ...toCytoscape(dump) };
        default:
          return { format: 'json' as const, ...dump };
      }
    },
  );
};
