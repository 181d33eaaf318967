import cytoscape from 'cytoscape';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { statement } from '../../src/graph/database.js';
import { ExportLine, GraphJson } from '../../src/graph/export.js';
import { useSeededApp } from '../helpers/seeded-app.js';

const { db, get, app } = useSeededApp();
let counts: { nodes: number; edges: number };

beforeAll(async () => {
  const [row] = await db().read(
    'MATCH (c:Concept) WITH count(c) AS nodes MATCH (:Concept)-[r]->(:Concept) RETURN nodes, count(r) AS edges',
  );
  counts = { nodes: Number(row!.nodes), edges: Number(row!.edges) };
});

describe('GET /v1/graph and its other encodings', () => {
  it('exports JSON with every concept and relation, shaped as the other routes shape them', async () => {
    const reply = await get('/v1/graph');
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const body = GraphJson.parse(reply.json());
    expect(body.nodes).toHaveLength(counts.nodes);
    expect(body.edges).toHaveLength(counts.edges);
    expect(body.nodes.map((node) => node.id)).toEqual([...body.nodes.map((node) => node.id)].sort());
    const concept = (await get('/v1/concepts/containerd')).json().concept;
    expect(body.nodes.find((node) => node.id === 'containerd')).toEqual(concept);
  });

  it('exports Cytoscape.js elements that load in cytoscape with the same counts, in both languages', async () => {
    const reply = await get('/v1/graph.cyjs');
    expect(reply.statusCode).toBe(200);
    const cy = cytoscape({ headless: true, elements: reply.json().elements });
    expect(cy.nodes().length).toBe(counts.nodes);
    expect(cy.edges().length).toBe(counts.edges);
    const containerd = cy.getElementById('containerd');
    expect(containerd.data('nameKo')).toBe('containerd');
    expect(cy.getElementById('docker-daemon').data('nameKo')).toBe('도커 데몬');
    const implementsCri = cy.getElementById('containerd:IMPLEMENTS:cri');
    expect(implementsCri.source().id()).toBe('containerd');
    expect(implementsCri.target().id()).toBe('cri');
    expect(implementsCri.data('sentenceKo')).toMatch(/[가-힣]/);
  });

  it('exports well-formed GraphML with typed keys and the same counts, in both languages', async () => {
    const reply = await get('/v1/graph.graphml');
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/graphml\+xml/);
    expect(XMLValidator.validate(reply.body)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      isArray: (name) => ['key', 'node', 'edge', 'data'].includes(name),
    }).parse(reply.body);
    const graphml = parsed.graphml;
    expect(graphml['@xmlns']).toBe('http://graphml.graphdrawing.org/xmlns');
    const keys = graphml.key as { '@id': string; '@for': string; '@attr.type': string }[];
    expect(keys.filter((key) => !['string', 'double', 'boolean', 'int', 'long', 'float'].includes(key['@attr.type']))).toEqual([]);
    expect(keys.find((key) => key['@id'] === 'confidence')).toMatchObject({ '@for': 'edge', '@attr.type': 'double' });
    expect(graphml.graph.node).toHaveLength(counts.nodes);
    expect(graphml.graph.edge).toHaveLength(counts.edges);
    const daemon = (graphml.graph.node as { '@id': string; data: { '@key': string; '#text': string }[] }[]).find(
      (n) => n['@id'] === 'docker-daemon',
    )!;
    expect(daemon.data.find((d) => d['@key'] === 'nameKo')!['#text']).toBe('도커 데몬');
  });

  it('exports NDJSON: one element per line, concepts first, and a last line with the counts', async () => {
    const reply = await get('/v1/graph.ndjson');
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(reply.body.endsWith('\n')).toBe(true);
    const lines = reply.body
      .trimEnd()
      .split('\n')
      .map((line) => ExportLine.parse(JSON.parse(line)));
    const kinds = lines.map((line) => ('node' in line ? 'node' : 'edge' in line ? 'edge' : 'end'));
    expect(kinds.join('')).toMatch(/^(node)+(edge)+end$/);
    expect(kinds.filter((kind) => kind === 'node')).toHaveLength(counts.nodes);
    expect(lines.at(-1)).toEqual({ end: { nodes: counts.nodes, edges: counts.edges } });
    // The same elements as the JSON export, in the same order.
    const json = GraphJson.parse((await get('/v1/graph')).json());
    expect(lines.flatMap((line) => ('edge' in line ? [line.edge] : []))).toEqual(json.edges);
  });

  it('answers 304 to If-None-Match with the ETag it gave, per encoding, without sending the graph', async () => {
    const etags = new Set<string>();
    for (const url of ['/v1/graph', '/v1/graph.cyjs', '/v1/graph.graphml', '/v1/graph.ndjson']) {
      const first = await get(url);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"/);
      etags.add(etag);
      const again = await get(url, { 'if-none-match': etag });
      expect(again.statusCode, url).toBe(304);
      expect(again.body).toBe('');
    }
    expect(etags.size).toBe(4);
  });

  it('answers HEAD with the headers only', async () => {
    const reply = await app().inject({ method: 'HEAD', url: '/v1/graph.graphml' });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/graphml\+xml/);
    expect(reply.body).toBe('');
  });

  it('caches no body for a HEAD: the GET that follows gets the whole export', async () => {
    const url = '/v1/graph.ndjson?source=notes';
    expect((await app().inject({ method: 'HEAD', url })).statusCode).toBe(200);
    const after = await get(url);
    expect(after.statusCode).toBe(200);
    expect(after.body.trim().split('\n').at(-1)).toMatch(/^\{"end":\{"nodes":\d+,"edges":\d+\}\}$/);
  });

  it('rejects the old format parameter and any other query with 400 problem+json', async () => {
    for (const url of ['/v1/graph?format=graphml', '/v1/graph.ndjson?limit=10']) {
      const reply = await get(url);
      expect(reply.statusCode, url).toBe(400);
      expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(reply.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });
});

describe('the export of one source', () => {
  it('keeps to the notes or the background, and never names a concept it does not carry', async () => {
    for (const source of ['notes', 'background'] as const) {
      const body = GraphJson.parse((await get(`/v1/graph?source=${source}`)).json());
      const [expected] = await db().read(
        `MATCH (a:Concept)-[r]->(b:Concept) WHERE r.provenance = $source AND ($source = 'background' OR (a.provenance = $source AND b.provenance = $source))
         RETURN count(r) AS edges`,
        { source },
      );
      expect(body.edges, source).toHaveLength(Number(expected!.edges));
      expect(body.edges.length).toBeGreaterThan(0);
      expect(body.edges.filter((edge) => !(edge.provenance === source))).toEqual([]);
      if (source === 'notes') expect(body.nodes.filter((node) => !(node.provenance === 'notes'))).toEqual([]);
      const ids = new Set(body.nodes.map((node) => node.id));
      expect(body.edges.filter((edge) => !(ids.has(edge.subject.id) && ids.has(edge.object.id)))).toEqual([]);
      const cy = cytoscape({ headless: true, elements: (await get(`/v1/graph.cyjs?source=${source}`)).json().elements });
      expect(cy.edges().length).toBe(body.edges.length);
    }
    expect((await get('/v1/graph.ndjson?source=everything')).statusCode).toBe(400);
  });
});

describe('the export stream', () => {
  it('reads a large result in batches and releases its transaction when the reader stops early', async () => {
    const marker = `export-stream-${Date.now()}`;
    const rows = db().stream([{ statement: statement(marker, `UNWIND range(1, 200000) AS i RETURN i, '${marker}' AS marker`) }], {
      batchSize: 100,
      timeoutMs: 60_000,
    });
    const sizes: number[] = [];
    for await (const batch of rows) {
      sizes.push(batch.rows.length);
      if (sizes.length === 3) break;
    }
    expect(sizes).toEqual([100, 100, 100]);
    const open = await db().read(
      'SHOW TRANSACTIONS YIELD currentQuery, status WHERE currentQuery CONTAINS $marker AND NOT currentQuery CONTAINS "SHOW" RETURN count(*) AS open',
      { marker },
    );
    expect(Number(open[0]!.open)).toBe(0);
  });
});
