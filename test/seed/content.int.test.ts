// The graph's content as the owner asked for it, checked in the loaded database.
import { describe, expect, it } from 'vitest';
import { conceptNamesIndex, conceptSummariesIndex } from '../../src/graph/schema.js';
import { loadSeed } from '../../src/seed/load.js';
import { useSeededGraph } from '../helpers/seeded-app.js';

const { db } = useSeededGraph();

describe('the seeded graph', () => {
  it('holds the owner’s two examples in the right direction', async () => {
    const rows = await db().read(
      `MATCH (a:Concept)-[r]->(b:Concept)
       WHERE (a.id = 'containerd' AND type(r) = 'IMPLEMENTS' AND b.id = 'cri')
          OR (a.id = 'containerd' AND type(r) = 'MANAGES' AND b.id = 'runc')
       RETURN a.id + ' ' + type(r) + ' ' + b.id AS triple ORDER BY triple`,
    );
    expect(rows.map((row) => row.triple)).toEqual(['containerd IMPLEMENTS cri', 'containerd MANAGES runc']);
    const reversed = await db().read("MATCH (:Concept {id: 'runc'})-[r:MANAGES]->(:Concept {id: 'containerd'}) RETURN count(r) AS n");
    expect(reversed[0]!.n).toBe(0);
  });

  it('has at least 35 concepts and 60 relations', async () => {
    const [row] = await db().read(
      'MATCH (c:Concept) WITH count(c) AS concepts MATCH (:Concept)-[r]->(:Concept) RETURN concepts, count(r) AS relations',
    );
    expect(row!.concepts).toBeGreaterThanOrEqual(35);
    expect(row!.relations).toBeGreaterThanOrEqual(60);
  });

  it('gives every concept both names, both summaries, a category and a source', async () => {
    const incomplete = await db().read(
      `MATCH (c:Concept)
       WHERE any(p IN [c.nameEn, c.nameKo, c.summaryEn, c.summaryKo, c.category] WHERE p IS NULL OR trim(p) = '')
          OR size(c.sources) = 0
       RETURN c.id AS id`,
    );
    expect(incomplete).toEqual([]);
    const koreanSummaries = await db().read("MATCH (c:Concept) WHERE NOT c.summaryKo =~ '.*[가-힣].*' RETURN c.id AS id");
    expect(koreanSummaries).toEqual([]);
  });

  it('gives every relation type all four phrasings and every relation a known type and a source', async () => {
    const types = await db().read(
      'MATCH (t:RelationType) RETURN t.key AS key, [t.forwardEn, t.forwardKo, t.inverseEn, t.inverseKo] AS phrasings',
    );
    expect(types.length).toBeGreaterThan(10);
    for (const type of types)
      expect(
        (type.phrasings as unknown[]).every((p) => typeof p === 'string' && p.length > 0),
        String(type.key),
      ).toBe(true);
    const orphans = await db().read(
      `MATCH (:Concept)-[r]->(:Concept)
       WHERE NOT EXISTS { MATCH (t:RelationType {key: type(r)}) } OR r.sources IS NULL OR size(r.sources) = 0
       RETURN r.id AS id`,
    );
    expect(orphans).toEqual([]);
  });

  it('cites every section of the notes from at least one relation', async () => {
    const [notes] = await db().read("MATCH (s:Source {id: 'notes'}) RETURN s.sectionIds AS sections");
    const cited = await db().read(
      "MATCH (:Concept)-[r]->(:Concept) UNWIND r.sources AS ref WITH ref WHERE ref STARTS WITH 'notes#' RETURN collect(DISTINCT substring(ref, 6)) AS sections",
    );
    const missing = (notes!.sections as string[]).filter((section) => !(cited[0]!.sections as string[]).includes(section));
    expect(missing).toEqual([]);
  });

  it('orders learning without cycles: prerequisites form a DAG', async () => {
    const [cycles] = await db().read('MATCH p = (c:Concept)-[:REQUIRES*1..60]->(c) RETURN count(p) AS n');
    expect(cycles!.n).toBe(0);
    const required = await db().read(
      `MATCH (a:Concept)-[:REQUIRES]->(b:Concept)
       WHERE [a.id, b.id] IN [['container', 'virtualization'], ['libcontainer', 'linux-namespaces'], ['libcontainer', 'cgroups'], ['runc', 'low-level-container-runtime']]
       RETURN count(*) AS n`,
    );
    expect(required[0]!.n).toBe(4);
  });

  it('keeps facts out of the learning order: none of the REQUIRES edges the review removed is back', async () => {
    // Each of these is a fact (talks to, runs on, replaced) or a trade-off, not "cannot be defined without".
    const removed = [
      ['runc', 'containerd'],
      ['container-runtime', 'docker-daemon'],
      ['docker-compose', 'docker-cli'],
      ['multi-platform-support', 'lxc'],
      ['libcontainer', 'lxc'],
    ];
    const rows = await db().read(
      "MATCH (a:Concept)-[:REQUIRES]->(b:Concept) WHERE [a.id, b.id] IN $removed RETURN a.id + ' -> ' + b.id AS edge",
      {
        removed,
      },
    );
    expect(rows).toEqual([]);
  });

  it('marks provenance notes on exactly the concepts and relations that cite the notes, background on the rest', async () => {
    const elements = await db().read(
      `CALL () { MATCH (c:Concept) RETURN c.id AS id, c.sources AS sources, c.provenance AS provenance
                 UNION ALL
                 MATCH (:Concept)-[r]->(:Concept) RETURN r.id AS id, r.sources AS sources, r.provenance AS provenance }
       RETURN id, sources, provenance`,
    );
    const [notes] = await db().read("MATCH (s:Source {kind: 'notes'}) RETURN collect(s.id) AS ids");
    const notesIds = notes!.ids as string[];
    const wrong = elements.filter((element) => {
      const citesNotes = (element.sources as string[]).some((ref) => notesIds.includes(ref.split('#')[0] ?? ''));
      return element.provenance !== (citesNotes ? 'notes' : 'background');
    });
    expect(wrong).toEqual([]);
    expect(new Set(elements.map((element) => element.provenance))).toEqual(new Set(['notes', 'background']));
  });

  it('links every background citation to its documentation page, and keeps background relations at or below 0.8', async () => {
    const [background] = await db().read(
      "MATCH (s:Source {kind: 'background'}) RETURN s.id AS id, s.sectionIds AS sections, s.sectionUrls AS urls",
    );
    expect((background!.urls as string[]).filter((url) => !url.startsWith('https://'))).toEqual([]);
    expect(background!.urls).toHaveLength((background!.sections as string[]).length);
    const overconfident = await db().read(
      "MATCH (:Concept)-[r]->(:Concept) WHERE r.provenance = 'background' AND r.confidence > 0.8 RETURN r.id AS id",
    );
    expect(overconfident).toEqual([]);
    const unlinked = await db().read(
      `CALL () { MATCH (c:Concept {provenance: 'background'}) RETURN c.id AS id, c.sources AS sources
                 UNION ALL
                 MATCH (:Concept)-[r {provenance: 'background'}]->(:Concept) RETURN r.id AS id, r.sources AS sources }
       WITH id, [ref IN sources WHERE ref STARTS WITH $prefix] AS pages
       WHERE size(pages) = 0 RETURN id`,
      { prefix: `${background!.id as string}#` },
    );
    expect(unlinked).toEqual([]);
  });

  it('goes beyond the notes: at least 25 background concepts and 80 background relations, linked to the notes’ concepts', async () => {
    const [row] = await db().read(
      `CALL () { MATCH (c:Concept {provenance: 'background'}) RETURN count(c) AS concepts }
       CALL () { MATCH (:Concept)-[r {provenance: 'background'}]->(:Concept) RETURN count(r) AS relations }
       CALL () {
         MATCH (b:Concept {provenance: 'background'})-[r]-(n:Concept {provenance: 'notes'})
         RETURN count(DISTINCT b) AS linked
       }
       RETURN concepts, relations, linked`,
    );
    expect(row!.concepts).toBeGreaterThanOrEqual(25);
    expect(row!.relations).toBeGreaterThanOrEqual(80);
    expect(row!.linked).toBe(row!.concepts);
  });

  it('keeps the seed files and the database in step', async () => {
    const data = await loadSeed('graph-seed');
    const [row] = await db().read('MATCH (c:Concept) WITH count(c) AS concepts MATCH (t:RelationType) RETURN concepts, count(t) AS types');
    expect(row).toEqual({ concepts: data.concepts.length, types: data.relationTypes.length });
  });
});

describe('full-text indexes over the seeded graph', () => {
  const names: [string, string][] = [
    ['가상화', 'virtualization'],
    ['컨테이너', 'container'],
    ['이미지', 'docker-image'],
    ['레이어', 'image-layer'],
    ['도커 데몬', 'docker-daemon'],
    ['저수준 컨테이너 런타임', 'low-level-container-runtime'],
    ['하이퍼바이저', 'hypervisor'],
    ['유니온 파일 시스템', 'union-file-system'],
    ['컨트롤 그룹', 'cgroups'],
    ['k8s', 'kubernetes'],
    ['containerd', 'containerd'],
    ['hypervisor', 'hypervisor'],
    ['namespace', 'linux-namespaces'],
    ['Dockerfile', 'dockerfile'],
    ['guest OS', 'guest-os'],
  ];

  it.each(names)('finds %s (the notes’ term) among the top three of the names index: %s', async (term, id) => {
    const rows = await db().read(`CALL db.index.fulltext.queryNodes($index, $term, {limit: 3}) YIELD node RETURN node.id AS id`, {
      index: conceptNamesIndex,
      term,
    });
    expect(rows.map((row) => row.id)).toContain(id);
  });

  it('finds Korean words inside summaries through the cjk bigrams', async () => {
    const rows = await db().read(`CALL db.index.fulltext.queryNodes($index, $term, {limit: 5}) YIELD node RETURN node.id AS id`, {
      index: conceptSummariesIndex,
      term: '생명주기',
    });
    expect(rows.map((row) => row.id)).toContain('containerd-shim');
  });
});
