import cytoscape from 'cytoscape';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSeededApp } from '../helpers/seeded-app.js';

const { db, get } = useSeededApp();
let counts: { nodes: number; edges: number };

beforeAll(async () => {
  const [row] = await db().read(
    'MATCH (c:Concept) WITH count(c) AS nodes MATCH (:Concept)-[r]->(:Concept) RETURN nodes, count(r) AS edges',
  );
  counts = { nodes: Number(row!.nodes), edges: Number(row!.edges) };
});

describe('GET /v1/graph', () => {
  it('exports JSON with every concept and relation', async () => {
    const reply = await get('/v1/graph');
    expect(reply.statusCode).toBe(200);
    const body = reply.json();
    expect(body.format).toBe('json');
    expect(body.nodes).toHaveLength(counts.nodes);
    expect(body.edges).toHaveLength(counts.edges);
  });

  it('exports Cytoscape.js elements that load in cytoscape with the same counts, in both languages', async () => {
    const reply = await get('/v1/graph?format=cytoscape');
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
    const reply = await get('/v1/graph?format=graphml');
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
    expect(keys.every((key) => ['string', 'double', 'boolean', 'int', 'long', 'float'].includes(key['@attr.type']))).toBe(true);
    expect(keys.find((key) => key['@id'] === 'confidence')).toMatchObject({ '@for': 'edge', '@attr.type': 'double' });
    expect(graphml.graph.node).toHaveLength(counts.nodes);
    expect(graphml.graph.edge).toHaveLength(counts.edges);
    const daemon = (graphml.graph.node as { '@id': string; data: { '@key': string; '#text': string }[] }[]).find(
      (n) => n['@id'] === 'docker-daemon',
    )!;
    expect(daemon.data.find((d) => d['@key'] === 'nameKo')!['#text']).toBe('도커 데몬');
  });

  it('answers 304 to If-None-Match with the ETag it gave', async () => {
    for (const format of ['json', 'graphml']) {
      const first = await get(`/v1/graph?format=${format}`);
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"/);
      const again = await get(`/v1/graph?format=${format}`, { 'if-none-match': etag });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
    }
  });

  it('rejects an unknown format with 400 problem+json', async () => {
    const reply = await get('/v1/graph?format=csv');
    expect(reply.statusCode).toBe(400);
    expect(reply.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ path: 'format' })] });
  });
});
