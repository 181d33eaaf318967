// The walks ranking reads the graph with: personalised PageRank from the question's concepts (the idea
// behind HippoRAG), computed by local push so its cost depends on the question, not the graph's size; the
// neighbours two of them share; reasons; alternatives. Paths between two of them are in paths.ts. Pure.
import type { RetrievalIndex } from './graph-index.js';
import { retrievalWeights } from './weights.js';

/**
 * Personalised PageRank by push (Andersen, Chung and Lang): approximate, bounded by ε and an edge-visit cap.
 * Residuals and ranks live in typed arrays (one allocation per question; only touched nodes are read back).
 */
export function personalizedPageRank(
  index: RetrievalIndex,
  seeds: ReadonlyMap<number, number>,
  walkable: (relation: number) => boolean,
  weightedDegree: ArrayLike<number>,
): Map<number, number> {
  const { teleport, epsilon, maxEdgeVisits } = retrievalWeights.graph;
  const size = index.concepts.length;
  const total = [...seeds.values()].reduce((a, b) => a + b, 0) || 1;
  const rank = new Float64Array(size);
  const residual = new Float64Array(size);
  const queued = new Uint8Array(size);
  const touched: number[] = [];
  const touch = (node: number) => {
    if (queued[node] === 0 && residual[node] === 0 && rank[node] === 0) touched.push(node);
  };
  const queue: number[] = [];
  for (const [node, weight] of seeds) {
    touch(node);
    residual[node] = weight / total;
    queue.push(node);
    queued[node] = 1;
  }
  let visits = 0;
  for (let head = 0; head < queue.length && visits < maxEdgeVisits; head++) {
    const node = queue[head] ?? 0;
    queued[node] = 0;
    const mass = residual[node] ?? 0;
    residual[node] = 0;
    const d = weightedDegree[node] ?? 0;
    const adjacent = index.adjacency[node] ?? [];
    visits += adjacent.length;
    if (d === 0) {
      rank[node] = (rank[node] ?? 0) + mass;
      continue;
    }
    rank[node] = (rank[node] ?? 0) + teleport * mass;
    const spread = ((1 - teleport) * mass) / d;
    for (const r of adjacent) {
      if (!walkable(r)) continue;
      const relation = index.relations[r];
      if (!relation) continue;
      const other = relation.subject === node ? relation.object : relation.subject;
      touch(other);
      const value = (residual[other] ?? 0) + spread * relation.confidence;
      residual[other] = value;
      if (queued[other] === 0 && value > epsilon * Math.max(weightedDegree[other] ?? 0, 1e-9)) {
        queue.push(other);
        queued[other] = 1;
      }
    }
  }
  const ranks = new Map<number, number>();
  for (const node of touched) {
    const value = rank[node] ?? 0;
    if (value > 0) ranks.set(node, value);
  }
  return ranks;
}

/**
 * The first `count` walkable relations of a node, strongest first. Relations the question may not walk
 * (learning-order edges, excluded concepts) do not use up the count, so a hub many concepts require keeps
 * its own facts; the scan stops after `scanFactor` × `count` relations whatever the node's size.
 */
export function walkableRelations(index: RetrievalIndex, node: number, walkable: (relation: number) => boolean, count: number): number[] {
  const adjacent = index.adjacency[node] ?? [];
  const found: number[] = [];
  const end = Math.min(adjacent.length, count * retrievalWeights.graph.scanFactor);
  for (let i = 0; i < end && found.length < count; i++) {
    const r = adjacent[i] ?? -1;
    if (walkable(r)) found.push(r);
  }
  return found;
}

/** Relations from two of the question's concepts to a neighbour they share: the middle of a two-hop link ("Kubernetes talks via CRI, which containerd implements"). */
export function bridgingRelations(
  index: RetrievalIndex,
  seeds: number[],
  walkable: (relation: number) => boolean,
): { bridges: Set<number>; opposite: Set<number> } {
  const { relationsPerNode } = retrievalWeights.graph;
  const { opposites } = retrievalWeights.comparison;
  const bridges = new Set<number>();
  // Pairs through one neighbour with opposite types: "containers have an advantage in I/O performance, virtual machines a drawback".
  const opposite = new Set<number>();
  const typeOf = (r: number) => index.relations[r]?.type ?? '';
  const opposed = (x: number, y: number) =>
    opposites.some(([p, q]) => (typeOf(x) === p && typeOf(y) === q) || (typeOf(x) === q && typeOf(y) === p));
  const neighbours = seeds.map((seed) => {
    const byNode = new Map<number, number[]>();
    for (const r of walkableRelations(index, seed, walkable, relationsPerNode)) {
      const relation = index.relations[r];
      if (!relation) continue;
      const other = relation.subject === seed ? relation.object : relation.subject;
      const list = byNode.get(other);
      if (list) list.push(r);
      else byNode.set(other, [r]);
    }
    return byNode;
  });
  const seedSet = new Set(seeds);
  for (let i = 0; i < seeds.length; i++) {
    for (let j = i + 1; j < seeds.length; j++) {
      const a = neighbours[i];
      const b = neighbours[j];
      if (!a || !b) continue;
      for (const [node, relations] of a) {
        const other = b.get(node);
        if (!other || seedSet.has(node)) continue;
        for (const r of [...relations, ...other]) bridges.add(r);
        for (const x of relations) {
          for (const y of other) {
            if (!opposed(x, y)) continue;
            opposite.add(x);
            opposite.add(y);
          }
        }
      }
    }
  }
  return { bridges, opposite };
}

/**
 * "Why are containers fast?": a concept has a strength (or weakness) because something it works by has the same
 * one (containers use kernel sharing, which has the I/O advantage). Both links of each such pair, for the
 * question's strongest concepts; two bounded adjacency reads per neighbour.
 */
export function reasonRelations(index: RetrievalIndex, seeds: number[], walkable: (relation: number) => boolean): Set<number> {
  const { relationsPerNode } = retrievalWeights.graph;
  const qualities = new Set(retrievalWeights.comparison.opposites.flat());
  const explaining = new Set<string>(retrievalWeights.why.explainingTypes);
  const reasons = new Set<number>();
  const own = (node: number) =>
    walkableRelations(index, node, walkable, relationsPerNode).flatMap((r) => {
      const relation = index.relations[r];
      return relation && relation.subject === node ? [{ r, relation }] : [];
    });
  for (const seed of seeds) {
    const facts = own(seed);
    const held = new Set(
      facts.filter(({ relation }) => qualities.has(relation.type)).map(({ relation }) => `${relation.type} ${relation.object}`),
    );
    if (held.size === 0) continue;
    for (const { r, relation } of facts) {
      if (!explaining.has(relation.type) || qualities.has(relation.type)) continue;
      for (const mechanism of own(relation.object)) {
        if (!held.has(`${mechanism.relation.type} ${mechanism.relation.object}`)) continue;
        reasons.add(r);
        reasons.add(mechanism.r);
      }
    }
  }
  return reasons;
}

/** The other kinds of each kind `concept` is (cri-o beside containerd, both high-level runtimes): read from two bounded adjacency lists. */
export function alternativesTo(index: RetrievalIndex, concept: number, walks: (relation: number) => boolean): number[] {
  const { kindType } = retrievalWeights.comparison;
  const { relationsPerNode } = retrievalWeights.graph;
  const kinds = walkableRelations(index, concept, walks, relationsPerNode).flatMap((r) => {
    const relation = index.relations[r];
    return relation?.type === kindType && relation.subject === concept ? [relation.object] : [];
  });
  return kinds.flatMap((kind) =>
    walkableRelations(index, kind, walks, relationsPerNode).flatMap((r) => {
      const relation = index.relations[r];
      return relation?.type === kindType && relation.object === kind && relation.subject !== concept ? [relation.subject] : [];
    }),
  );
}
