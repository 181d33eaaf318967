// The graph export as GraphML (http://graphml.graphdrawing.org): a typed key per property, both languages,
// list values joined with " | ". Written batch by batch like the other encodings (export.ts).
import { coalesced, type ExportBatch } from './export.js';
import type { Concept, Relation } from './model.js';

const listSeparator = ' | ';
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

const data = (key: string, value: string | number) => `      <data key="${key}">${xml(String(value))}</data>\n`;

function graphmlNode(c: Concept): string {
  return (
    `    <node id="${xml(c.id)}">\n` +
    data('nameEn', c.name.en) +
    data('nameKo', c.name.ko) +
    data('category', c.category) +
    data('summaryEn', c.summary.en) +
    data('summaryKo', c.summary.ko) +
    data('aliasesEn', c.aliases.en.join(listSeparator)) +
    data('aliasesKo', c.aliases.ko.join(listSeparator)) +
    data('tags', c.tags.join(listSeparator)) +
    '    </node>\n'
  );
}

function graphmlEdge(r: Relation): string {
  return (
    `    <edge id="${xml(r.id)}" source="${xml(r.subject.id)}" target="${xml(r.object.id)}">\n` +
    data('type', r.type) +
    data('sentenceEn', r.sentence.en) +
    data('sentenceKo', r.sentence.ko) +
    data('confidence', r.confidence) +
    '    </edge>\n'
  );
}

const graphmlHead = [
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
  '         xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ...nodeKeys.map(([name, type]) => `  <key id="${name}" for="node" attr.name="${name}" attr.type="${type}"/>`),
  ...edgeKeys.map(([name, type]) => `  <key id="${name}" for="edge" attr.name="${name}" attr.type="${type}"/>`),
  '  <graph id="concept-graph" edgedefault="directed">',
  '',
].join('\n');

/** GraphML (http://graphml.graphdrawing.org) with typed keys; list values are joined with " | ". */
export function graphmlChunks(batches: AsyncIterable<ExportBatch>): AsyncGenerator<string> {
  return coalesced(
    (async function* () {
      yield graphmlHead;
      for await (const batch of batches) {
        if (batch.kind === 'nodes') for (const c of batch.items) yield graphmlNode(c);
        else for (const r of batch.items) yield graphmlEdge(r);
      }
      yield '  </graph>\n</graphml>\n';
    })(),
  );
}
