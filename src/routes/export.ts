import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exampleConcept, exampleRelation } from '../graph/examples.js';
import {
  CytoscapeJson,
  cytoscapeChunks,
  cytoscapeEdge,
  cytoscapeNode,
  type ExportBatch,
  exportBatches,
  GraphJson,
  jsonChunks,
  ndjsonChunks,
} from '../graph/export.js';
import { graphmlChunks } from '../graph/export-graphml.js';
import { notModifiedReply, problemReplies, sourceParam } from './schemas.js';

// One operation per media type, so a generated client knows what each returns. Every variant is written as
// a stream (see graph/export.ts); none is ever cut short.
const variants = [
  {
    url: '/graph',
    operationId: 'exportGraph',
    summary: 'The whole graph as JSON',
    description: 'Every concept and relation, shaped as elsewhere in this API, in both languages.',
    mediaType: 'application/json',
    schema: GraphJson,
    example: { nodes: [exampleConcept], edges: [exampleRelation] },
    encode: jsonChunks,
  },
  {
    url: '/graph.cyjs',
    operationId: 'exportGraphCytoscape',
    summary: 'The whole graph as Cytoscape.js elements',
    description: 'Loads as is with `cytoscape({ elements: reply.elements })`; names, summaries and sentences in both languages.',
    mediaType: 'application/json',
    schema: CytoscapeJson,
    example: { elements: { nodes: [cytoscapeNode(exampleConcept)], edges: [cytoscapeEdge(exampleRelation)] } },
    encode: cytoscapeChunks,
  },
  {
    url: '/graph.graphml',
    operationId: 'exportGraphml',
    summary: 'The whole graph as GraphML',
    description: 'GraphML with typed keys (`confidence` is a double; list values joined with " | "), for Gephi, yEd or NetworkX.',
    mediaType: 'application/graphml+xml',
    schema: z.string(),
    example:
      '<?xml version="1.0" encoding="UTF-8"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n  <key id="nameEn" for="node" attr.name="nameEn" attr.type="string"/>\n  <graph id="concept-graph" edgedefault="directed">\n    <node id="containerd"><data key="nameEn">containerd</data></node>\n  </graph>\n</graphml>\n',
    encode: graphmlChunks,
  },
  {
    url: '/graph.ndjson',
    operationId: 'exportGraphNdjson',
    summary: 'The whole graph as NDJSON, one element per line',
    description:
      'One JSON object per line: `{"node": Concept}` lines, then `{"edge": Relation}` lines, then `{"end": {"nodes": n, "edges": m}}`. ' +
      'A reader can process a graph of any size line by line, and a missing `end` line means the transfer was cut.',
    mediaType: 'application/x-ndjson',
    schema: z.string(),
    example: `${JSON.stringify({ node: exampleConcept })}\n${JSON.stringify({ edge: exampleRelation })}\n${JSON.stringify({ end: { nodes: 1, edges: 1 } })}\n`,
    encode: ndjsonChunks,
  },
] as const satisfies readonly {
  url: string;
  operationId: string;
  summary: string;
  description: string;
  mediaType: string;
  schema: z.ZodType;
  example: unknown;
  encode: (batches: AsyncIterable<ExportBatch>) => AsyncIterable<string>;
}[];

export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const variant of variants) {
    app.get(
      variant.url,
      {
        config: { cost: 'stream' },
        schema: {
          tags: ['graph'],
          operationId: variant.operationId,
          summary: variant.summary,
          description: `${variant.description} Written as a stream, so its size is not limited; ETag and 304 as on other reads. With \`source\`, only what that source supports (for \`background\`, with the concepts its relations join).`,
          querystring: z.strictObject({ source: sourceParam }),
          response: {
            200: {
              description: `The graph (${variant.mediaType})`,
              content: { [variant.mediaType]: { schema: variant.schema, example: variant.example } },
            },
            ...notModifiedReply,
            ...problemReplies(400, 500, 503),
          },
        },
      },
      async (request, reply) => {
        reply.type(`${variant.mediaType}; charset=utf-8`);
        // HEAD carries the headers only: no need to read the graph.
        if (request.method === 'HEAD') return reply.send('');
        const batches = await exportBatches(request.graphDb, await app.catalogue.get(), request.query.source);
        // Each chunk is one encoded batch; holding two at most, the stream passes the socket's backpressure on
        // to the reads from Neo4j.
        return reply.send(Readable.from(variant.encode(batches), { highWaterMark: 2 }) as never);
      },
    );
  }
};
