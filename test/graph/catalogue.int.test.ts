// The catalogue as read from a seeded graph: besides the relation types, it reads the English article of each
// common-noun concept, which every English sentence the API writes puts before the concept's name.
import { describe, expect, it } from 'vitest';
import { CatalogueCache } from '../../src/graph/catalogue.js';
import { render, useArticles } from '../../src/graph/sentences.js';
import { applySeed } from '../../src/seed/apply.js';
import { loadSeed } from '../../src/seed/load.js';
import { useSeededGraph } from '../helpers/seeded-app.js';

const graph = useSeededGraph();

describe('articles of concept names', () => {
  it('stores the article on a common noun and none on a product name', async () => {
    const rows = await graph
      .db()
      .read(
        "MATCH (c:Concept) WHERE c.id IN ['cluster', 'linux-kernel', 'containerd'] RETURN c.id AS id, c.article AS article ORDER BY id",
      );
    expect(rows).toEqual([
      { id: 'cluster', article: 'a' },
      { id: 'containerd', article: null },
      { id: 'linux-kernel', article: 'the' },
    ]);
  });

  it('reads them with the catalogue, so sentences rendered after it carry them', async () => {
    useArticles([]);
    expect(render('{s} manages {o}', 'Kubernetes', 'Cluster')).toBe('Kubernetes manages cluster');
    await new CatalogueCache(graph.db()).get();
    expect(render('{s} manages {o}', 'Kubernetes', 'Cluster')).toBe('Kubernetes manages a cluster');
    expect(render('{o} is shared by {s}', 'Container', 'Linux kernel')).toBe('The Linux kernel is shared by a container');
  });

  it('drops an article the seed no longer gives, from the node and from the sentences', async () => {
    const data = await loadSeed('graph-seed');
    const cluster = data.concepts.find((concept) => concept.id === 'cluster');
    if (!cluster) throw new Error('the seed has no cluster concept');
    delete cluster.article;
    await applySeed(graph.db(), data);
    expect(await graph.db().read("MATCH (c:Concept {id: 'cluster'}) RETURN c.article AS article")).toEqual([{ article: null }]);
    await new CatalogueCache(graph.db()).get();
    expect(render('{s} manages {o}', 'Kubernetes', 'Cluster')).toBe('Kubernetes manages cluster');
  });
});
