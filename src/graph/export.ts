// The whole graph for import elsewhere, in four encodings: plain JSON, Cytoscape.js elements, NDJSON (one
// element per line) and GraphML with typed keys (export-graphml.ts). Every form carries both languages and is
// written as a stream: concepts and relations are read in batches from one transaction and encoded batch by
// batch, so memory stays bounded whatever the size of the graph, and nothing is ever cut off.
import { z } from 'zod';
import type { Catalogue } from './catalogue.js';
import { conceptProjection, toConcept } from './concepts.js';
import { type GraphDatabase, statement } from './database.js';
import { Concept, Relation } from './model.js';
import { relationProjection, toRelations } from './relations.js';
import { conceptOfSource, relationOfSource, type SourceFilter, whereIf } from './source-filter.js';

/** Tuning of the export stream, in one place. */
export const exportTuning = {
  /** Records per batch read from Neo4j and mapped at once: bounds memory and each event-loop turn. */
  batchSize: 500,
  /** Characters per chunk written to the socket (about 16–48 KiB of UTF-8). */
  chunkChars: 16_384,
  /**
   * Server-side limit of the export transaction. An export is read while the client downloads it, so it
   * outlives a request's query timeout; this bounds how long a slow reader can hold the snapshot open.
   */
  transactionTimeoutMs: 120_000,
};

/** A batch of the export: concepts first (all of them), then relations. */
export type ExportBatch = { kind: 'nodes'; items: Concept[] } | { kind: 'edges'; items: Relation[] };

// With a source, the concepts are those of the source plus, for `background`, the ends of its relations:
// an export must hold every node its edges name (Cytoscape.js and GraphML readers refuse dangling edges).
const nodesStatement = (source: SourceFilter) =>
  statement(
    source ? 'exportNodesOfSource' : 'exportNodes',
    `MATCH (c:Concept)${whereIf(
      source,
      `${conceptOfSource()} OR ($source = 'background' AND EXISTS { MATCH (c)-[e]-(:Concept) WHERE e.provenance = 'background' })`,
    )}
     WITH c ORDER BY c.id RETURN ${conceptProjection} AS concept`,
  );
const edgesStatement = (types: string, source: SourceFilter) =>
  statement(
    source ? 'exportEdgesOfSource' : 'exportEdges',
    `MATCH (a:Concept)-[r:${types}]->(b:Concept)${whereIf(source, relationOfSource())}
     WITH a, r, b ORDER BY r.id RETURN ${relationProjection} AS relation`,
  );

/**
 * Reads the graph in batches from one snapshot. The first batch is read before this resolves, so an
 * unreachable database fails the request with its usual problem reply instead of a cut-off stream.
 */
export async function exportBatches(db: GraphDatabase, catalogue: Catalogue, source?: SourceFilter): Promise<AsyncIterable<ExportBatch>> {
  const types = catalogue.typeExpression(catalogue.relationTypes);
  const params = source ? { source } : {};
  const statements = [
    { statement: nodesStatement(source), params },
    ...(types ? [{ statement: edgesStatement(types, source), params }] : []),
  ];
  const rows = db.stream(statements, {
    batchSize: exportTuning.batchSize,
    timeoutMs: exportTuning.transactionTimeoutMs,
  });
  const toBatch = ({ index, rows: batch }: { index: number; rows: Record<string, unknown>[] }): ExportBatch =>
    index === 0
      ? { kind: 'nodes', items: batch.map((row) => toConcept(row.concept, catalogue)) }
      : {
          kind: 'edges',
          items: toRelations(
            batch.map((row) => row.relation),
            catalogue,
          ),
        };
  const first = await rows.next();
  return {
    async *[Symbol.asyncIterator]() {
      try {
        if (first.done) return;
        yield toBatch(first.value);
        for await (const batch of rows) yield toBatch(batch);
      } finally {
        // A consumer that stops early (the client hung up) releases the transaction at once.
        await rows.return(undefined);
      }
    },
  };
}

// ---- Encodings: each turns the batches into text chunks, one chunk per batch ----------------------

/** The JSON export: the concepts and relations as every other route returns them. */
export const GraphJson = z.object({ nodes: z.array(Concept), edges: z.array(Relation) });

/** `{"nodes":[…],"edges":[…]}` written element by element. */
export function jsonChunks(batches: AsyncIterable<ExportBatch>): AsyncGenerator<string> {
  return coalesced(
    bracketed(batches, {
      open: '{"nodes":[',
      between: '],"edges":[',
      close: ']}\n',
      encode: (item) => JSON.stringify(item),
    }),
  );
}

export const CytoscapeJson = z.object({
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

export function cytoscapeNode(c: Concept) {
  return {
    data: {
      id: c.id,
      label: c.name.en,
      nameEn: c.name.en,
      nameKo: c.name.ko,
      category: c.category,
      summaryEn: c.summary.en,
      summaryKo: c.summary.ko,
      aliasesEn: c.aliases.en,
      aliasesKo: c.aliases.ko,
      tags: c.tags,
    },
  };
}

export function cytoscapeEdge(r: Relation) {
  return {
    data: {
      id: r.id,
      source: r.subject.id,
      target: r.object.id,
      type: r.type,
      label: r.type,
      sentenceEn: r.sentence.en,
      sentenceKo: r.sentence.ko,
      confidence: r.confidence,
    },
  };
}

/** Cytoscape.js elements JSON: `cytoscape({ elements })` loads it as is. */
export function cytoscapeChunks(batches: AsyncIterable<ExportBatch>): AsyncGenerator<string> {
  return coalesced(
    bracketed(batches, {
      open: '{"elements":{"nodes":[',
      between: '],"edges":[',
      close: ']}}\n',
      encode: (item, kind) => JSON.stringify(kind === 'nodes' ? cytoscapeNode(item as Concept) : cytoscapeEdge(item as Relation)),
    }),
  );
}

/** One line of the NDJSON export: a concept, a relation, or the closing line with the counts. */
export const ExportLine = z.union([
  z.object({ node: Concept }),
  z.object({ edge: Relation }),
  z.object({
    end: z.object({ nodes: z.number().int(), edges: z.number().int() }).describe('Last line: how many of each were sent'),
  }),
]);

/**
 * NDJSON: one JSON object per line, concepts (`{"node":…}`) before relations (`{"edge":…}`), and a last
 * line `{"end":{"nodes":n,"edges":m}}`, so a reader can tell a complete export from a cut connection.
 */
export function ndjsonChunks(batches: AsyncIterable<ExportBatch>): AsyncGenerator<string> {
  return coalesced(
    (async function* () {
      let nodes = 0;
      let edges = 0;
      for await (const batch of batches) {
        if (batch.kind === 'nodes') {
          for (const node of batch.items) yield `${JSON.stringify({ node })}\n`;
          nodes += batch.items.length;
        } else {
          for (const edge of batch.items) yield `${JSON.stringify({ edge })}\n`;
          edges += batch.items.length;
        }
      }
      yield `${JSON.stringify({ end: { nodes, edges } })}\n`;
    })(),
  );
}

/** Writes `open`, the node items, `between`, the edge items and `close`, with commas between items. */
async function* bracketed(
  batches: AsyncIterable<ExportBatch>,
  frame: { open: string; between: string; close: string; encode: (item: Concept | Relation, kind: ExportBatch['kind']) => string },
): AsyncGenerator<string> {
  let section: ExportBatch['kind'] = 'nodes';
  let first = true;
  yield frame.open;
  for await (const batch of batches) {
    if (batch.kind !== section) {
      yield frame.between;
      section = batch.kind;
      first = true;
    }
    for (const item of batch.items) {
      yield first ? frame.encode(item, batch.kind) : `,${frame.encode(item, batch.kind)}`;
      first = false;
    }
  }
  if (section === 'nodes') yield frame.between;
  yield frame.close;
}

/**
 * Joins small pieces into chunks of about `size` characters. Chunks stay well below V8's large-object size,
 * so each dies young and the process's memory does not climb while a big export streams; and the socket
 * gets a few writes per batch instead of one per element.
 */
export async function* coalesced(pieces: AsyncIterable<string>, size = exportTuning.chunkChars): AsyncGenerator<string> {
  let chunk = '';
  for await (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
