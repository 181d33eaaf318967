// The walks ranking reads the graph with: personalised PageRank from the question's concepts (the idea
// behind HippoRAG), computed by local push so its cost depends on the question, not the graph's size; the
// shortest paths between two of the question's concepts; and the neighbours two of them share. Pure.
import type { RetrievalIndex } from './graph-index.js';
import { retrievalWeights } from './weights.js';

/**
 * Personalised PageRank by push (Andersen, Chung and Lang): approximate, bounded by ε and an edge-visit cap.
 * Residuals and ranks live in typed arrays (one allocation per question; only touched nodes are read back).
 */
export function personalizedPageRank(
  index: RetrievalIndex,
  seeds: Map<number, number>,
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

/**
 * Relations on one shortest path (breadth-first, bounded) between each pair of the question's concepts. A
 * chain is made of what things do, not of the whole they are part of: a path without part-of links is
 * preferred when it is as short ("between the client and containerd" is the daemon, not Docker
 * Engine, which both are part of).
 */
export function connectingRelations(
  index: RetrievalIndex,
  seeds: number[],
  walkable: (relation: number) => boolean,
  between = false,
): Map<number, number> {
  const taxonomy = new Set<string>(retrievalWeights.chain.taxonomyTypes);
  const notBetween = new Set<string>(retrievalWeights.chain.notBetweenTypes);
  const onPath = new Map<number, number>(); // relation -> position along its path (0 first)
  for (let i = 0; i < seeds.length; i++) {
    for (let j = i + 1; j < seeds.length; j++) {
      const from = seeds[i] ?? 0;
      const to = seeds[j] ?? 0;
      // "What sits between A and B" asks for what a direct link between them would skip.
      const direct = (r: number) => {
        const relation = index.relations[r];
        return (
          relation !== undefined &&
          (relation.subject === from || relation.subject === to) &&
          (relation.object === from || relation.object === to)
        );
      };
      const step = (r: number) => walkable(r) && !(between && (direct(r) || notBetween.has(index.relations[r]?.type ?? '')));
      const doing = (r: number) => step(r) && !taxonomy.has(index.relations[r]?.type ?? '');
      const any = shortestPath(index, from, to, step) ?? [];
      const plain = any.some((r) => taxonomy.has(index.relations[r]?.type ?? '')) ? shortestPath(index, from, to, doing) : undefined;
      const path = plain && plain.length <= any.length ? plain : any;
      path.forEach((r, position) => {
        if (!onPath.has(r)) onPath.set(r, position);
      });
      // Only where the short way is missing or goes through a class of things does the chain of work add anything.
      const throughClass = path.some((r) => {
        const relation = index.relations[r];
        return relation !== undefined && [relation.subject, relation.object].some((n) => n !== from && n !== to && isClass(index, n));
      });
      if (path.length > 0 && !throughClass) continue;
      for (const ends of [
        [from, to],
        [to, from],
      ] as const) {
        (flowPath(index, ends[0], ends[1], step) ?? []).forEach((r, position) => {
          if (!onPath.has(r)) onPath.set(r, position);
        });
      }
    }
  }
  return onPath;
}

/**
 * The chain of work from one concept to another: facts of the flow types (one hands work to, uses, manages or
 * creates the next), each taken from its subject, through specific concepts rather than classes of them (the
 * daemon asks containerd, which runs runc, which creates the container; not "a container runtime"). Longer
 * than the shortest path allows, bounded by `chain.flowHops` and the path's visits.
 */
/** A concept other concepts are kinds of ("container runtime"): a class of things, not one thing. */
const isClass = (index: RetrievalIndex, node: number) => (index.degree.kinds[node] ?? 0) > 0;

function flowPath(index: RetrievalIndex, from: number, to: number, walkable: (relation: number) => boolean): number[] | undefined {
  const { flowHops, flowTypes } = retrievalWeights.chain;
  const flow = new Set<string>(flowTypes);
  const { pathVisits } = retrievalWeights.graph;
  let visits = 0;
  const via = new Map<number, { node: number; relation: number }>([[from, { node: -1, relation: -1 }]]);
  let frontier = [from];
  for (let hop = 0; hop < flowHops && !via.has(to) && frontier.length > 0 && visits < pathVisits; hop++) {
    const next: number[] = [];
    for (const node of frontier) {
      for (const r of index.adjacency[node] ?? []) {
        if (++visits > pathVisits) break;
        const relation = index.relations[r];
        if (!relation || relation.subject !== node || !flow.has(relation.type) || !walkable(r)) continue;
        const other = relation.object;
        if (via.has(other) || (other !== to && isClass(index, other))) continue;
        via.set(other, { node, relation: r });
        next.push(other);
      }
    }
    frontier = next;
  }
  if (!via.has(to)) return undefined;
  const path: number[] = [];
  for (let step = via.get(to); step && step.relation >= 0; step = via.get(step.node)) path.unshift(step.relation);
  return path;
}

function shortestPath(index: RetrievalIndex, from: number, to: number, walkable: (relation: number) => boolean): number[] | undefined {
  const { pathHops, pathVisits } = retrievalWeights.graph;
  const via = new Map<number, { node: number; relation: number }>([[from, { node: -1, relation: -1 }]]);
  let frontier = [from];
  let visits = 0;
  for (let hop = 0; hop < pathHops && !via.has(to) && frontier.length > 0 && visits < pathVisits; hop++) {
    const next: number[] = [];
    for (const node of frontier) {
      for (const r of index.adjacency[node] ?? []) {
        if (++visits > pathVisits) break;
        if (!walkable(r)) continue;
        const relation = index.relations[r];
        if (!relation) continue;
        const other = relation.subject === node ? relation.object : relation.subject;
        if (via.has(other)) continue;
        via.set(other, { node, relation: r });
        next.push(other);
      }
    }
    frontier = next;
  }
  if (!via.has(to)) return undefined;
  const path: number[] = [];
  for (let step = via.get(to); step && step.relation >= 0; step = via.get(step.node)) path.unshift(step.relation);
  return path;
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
