// The whole graph for import elsewhere: plain JSON, Cytoscape.js elements, or GraphML with typed keys.
// Every form carries both languages.
import type { Catalogue } from './catalogue.js';
import { conceptProjection, toConcept } from './concepts.js';
import { type GraphDatabase, statement } from './database.js';
import type { Concept, Relation } from './model.js';
import { relationProjection, toRelations } from './relations.js';

export interface GraphDump {
  nodes: Concept[];
  edges: Relation[];
}

/** Upper bounds that keep an export a bounded query; far above the seeded graph's size. */
const maxNodes = 10_000;
const maxEdges = 50_000;

const nodesStatement = statement(
  'exportNodes',
  `MATCH (c:Concept) WITH c ORDER BY c.id LIMIT $limit RETURN ${conceptProjection} AS concept`,
);
const edgesStatement = (types: string) =>
  statement(
    'exportEdges',
    `MATCH (a:Concept)-[r:${types}]->(b:Concept) WITH a, r, b ORDER BY r.id LIMIT $limit RETURN ${relationProjection} AS relation`,
  );

export async function dumpGraph(db: GraphDatabase, catalogue: Catalogue): Promise<GraphDump> {
  const types = catalogue.typeExpression(catalogue.relationTypes);
  return db.readUnit(async (read) => {
    const nodes = await read(nodesStatement, { limit: db.int(maxNodes) });
    const edges = types ? await read(edgesStatement(types), { limit: db.int(maxEdges) }) : [];
    return {
      nodes: nodes.map((row) => toConcept(row.concept, catalogue)),
      edges: toRelations(
        edges.map((row) => row.relation),
        catalogue,
      ),
    };
  });
}

const listSeparator = ' | ';

/** Cytoscape.js elements JSON: `cytoscape({ elements })` loads it as is. */
export function toCytoscape(dump: GraphDump) {
  return {
    elements: {
      nodes: dump.nodes.map((c) => ({
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
      })),
      edges: dump.edges.map((r) => ({
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
      })),
    },
  };
}

const xmlEntities: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

function xml(text: string): string {
  return text.replace(/[<>&"']/gu, (c) => xmlEntities[c] ?? c);
}

const nodeKeys = [
  ['nameEn', 'string'],
  ['nameKo', 'string'],
  ['category', 'string'],
  ['summaryEn', 'string'],
  ['summaryKo', 'string'],
  ['aliasesEn', 'string'],
  ['aliasesKo', 'string'],
  ['tags', 'string'],
] as const;
const edgeKeys = [
  ['type', 'string'],
  ['sentenceEn', 'string'],
  ['sentenceKo', 'string'],
  ['confidence', 'double'],
] as const;

/** GraphML (http://graphml.graphdrawing.org) with typed keys; list values are joined with " | ". */
export function toGraphml(dump: GraphDump): string {
  const data = (key: string, value: string | number) => `      <data key="${key}">${xml(String(value))}</data>`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '         xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...nodeKeys.map(([name, type]) => `  <key id="${name}" for="node" attr.name="${name}" attr.type="${type}"/>`),
    ...edgeKeys.map(([name, type]) => `  <key id="${name}" for="edge" attr.name="${name}" attr.type="${type}"/>`),
    '  <graph id="concept-graph" edgedefault="directed">',
  ];
  for (const c of dump.nodes) {
    lines.push(
      `    <node id="${xml(c.id)}">`,
      data('nameEn', c.name.en),
      data('nameKo', c.name.ko),
      data('category', c.category),
      data('summaryEn', c.summary.en),
      data('summaryKo', c.summary.ko),
      data('aliasesEn', c.aliases.en.join(listSeparator)),
      data('aliasesKo', c.aliases.ko.join(listSeparator)),
      data('tags', c.tags.join(listSeparator)),
      '    </node>',
    );
  }
  for (const r of dump.edges) {
    lines.push(
      `    <edge id="${xml(r.id)}" source="${xml(r.subject.id)}" target="${xml(r.object.id)}">`,
      data('type', r.type),
      data('sentenceEn', r.sentence.en),
      data('sentenceKo', r.sentence.ko),
      data('confidence', r.confidence),
      '    </edge>',
    );
  }
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}
