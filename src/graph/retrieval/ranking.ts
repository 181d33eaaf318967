// Ranks facts with the whole graph: personalised PageRank seeded from the question's concepts (the idea
// behind HippoRAG), computed by local push so its cost depends on the question, not the graph's size;
// then each candidate relation is scored by the rank of its ends and what the question asks about
// (relation type, both ends named, path between two named concepts, shared words), and facts are picked
// greedily so one concept cannot fill the list. Pure; the weights are in weights.ts.
import type { RetrievalIndex } from './graph-index.js';
import type { ConceptHit } from './matching.js';
import { retrievalWeights } from './weights.js';

export interface RankInput {
  seeds: ConceptHit[];
  /** Relation types the question asks about. */
  asked: ReadonlySet<string>;
  /** Content terms shared with each concept's text. */
  shared: ReadonlyMap<number, number>;
  learningOrder: boolean;
  maxFacts: number;
  /** 1 or 2: how wide the candidate neighbourhood is. */
  breadth: number;
}

export interface RankedFact {
  relation: number;
  score: number;
}

/** Personalised PageRank by push (Andersen, Chung and Lang): approximate, bounded by ε and an edge-visit cap. */
export function personalizedPageRank(
  index: RetrievalIndex,
  seeds: Map<number, number>,
  walkable: (relation: number) => boolean,
  weightedDegree: ArrayLike<number>,
): Map<number, number> {
  const { teleport, epsilon, maxEdgeVisits } = retrievalWeights.graph;
  const degreeOf = (node: number): number => weightedDegree[node] ?? 0;
  const total = [...seeds.values()].reduce((a, b) => a + b, 0) || 1;
  const rank = new Map<number, number>();
  const residual = new Map<number, number>();
  const queue: number[] = [];
  const queued = new Set<number>();
  for (const [node, weight] of seeds) {
    residual.set(node, weight / total);
    queue.push(node);
    queued.add(node);
  }
  let visits = 0;
  for (let head = 0; head < queue.length && visits < maxEdgeVisits; head++) {
    const node = queue[head] ?? 0;
    queued.delete(node);
    const mass = residual.get(node) ?? 0;
    residual.set(node, 0);
    const d = degreeOf(node);
    visits += index.adjacency[node]?.length ?? 0;
    if (d === 0) {
      rank.set(node, (rank.get(node) ?? 0) + mass);
      continue;
    }
    rank.set(node, (rank.get(node) ?? 0) + teleport * mass);
    const spread = ((1 - teleport) * mass) / d;
    for (const r of index.adjacency[node] ?? []) {
      if (!walkable(r)) continue;
      const relation = index.relations[r];
      if (!relation) continue;
      const other = relation.subject === node ? relation.object : relation.subject;
      const value = (residual.get(other) ?? 0) + spread * relation.confidence;
      residual.set(other, value);
      if (!queued.has(other) && value > epsilon * Math.max(degreeOf(other), 1e-9)) {
        queue.push(other);
        queued.add(other);
      }
    }
  }
  return rank;
}

/** Relations on one shortest path (breadth-first, bounded) between each pair of the question's concepts. */
export function connectingRelations(index: RetrievalIndex, seeds: number[], walkable: (relation: number) => boolean): Map<number, number> {
  const { pathHops, pathVisits } = retrievalWeights.graph;
  const onPath = new Map<number, number>(); // relation -> position along its path (0 first)
  for (let i = 0; i < seeds.length; i++) {
    for (let j = i + 1; j < seeds.length; j++) {
      const from = seeds[i] ?? 0;
      const to = seeds[j] ?? 0;
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
      if (!via.has(to)) continue;
      const path: number[] = [];
      for (let step = via.get(to); step && step.relation >= 0; step = via.get(step.node)) path.unshift(step.relation);
      path.forEach((r, position) => {
        if (!onPath.has(r)) onPath.set(r, position);
      });
    }
  }
  return onPath;
}

export function rankFacts(index: RetrievalIndex, input: RankInput): RankedFact[] {
  const { graph, rank: w } = retrievalWeights;
  const walkable = (r: number) => {
    const relation = index.relations[r];
    return relation !== undefined && (input.learningOrder || !relation.learning);
  };
  const seedWeight = new Map<number, number>();
  for (const hit of input.seeds) seedWeight.set(hit.concept, Math.max(seedWeight.get(hit.concept) ?? 0, hit.weight));
  if (seedWeight.size === 0) return [];
  const hinted = new Set(input.seeds.filter((hit) => hit.how === 'hinted').map((hit) => hit.concept));

  const counts = input.learningOrder ? index.degree.all : index.degree.facts;
  const ppr = personalizedPageRank(index, seedWeight, walkable, input.learningOrder ? index.degree.allWeight : index.degree.factWeight);
  const degreeOf = (node: number): number => counts[node] ?? 0;

  const top = Math.max(...ppr.values(), 1e-12);
  const strongestSeeds = [...seedWeight.entries()]
    .filter(([node]) => !hinted.has(node))
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 4)
    .map(([node]) => node);
  const onPath = connectingRelations(index, strongestSeeds, walkable);
  // Candidates: the relations of the best-ranked nodes, and those on connecting paths.
  const nodes = [...ppr.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, graph.candidateNodes * input.breadth)
    .map(([node]) => node);
  const candidates = new Set<number>(onPath.keys());
  for (const node of nodes) {
    for (const r of (index.adjacency[node] ?? []).slice(0, graph.relationsPerNode)) if (walkable(r)) candidates.add(r);
  }

  const scored: RankedFact[] = [];
  for (const r of candidates) {
    const relation = index.relations[r];
    if (!relation) continue;
    const ends = [relation.subject, relation.object];
    // What flows along the edge: each end's rank shared among its relations (damped), so a hub's many
    // relations do not all outrank a specific concept's few.
    let score =
      ends.reduce((sum, node) => sum + (ppr.get(node) ?? 0) / top / (degreeOf(node) || 1) ** w.degreeDamping, 0) * relation.confidence;
    if (input.asked.has(relation.type)) score *= w.askedType;
    const hintedEnds = ends.filter((node) => hinted.has(node)).length;
    if (ends.every((node) => seedWeight.has(node)) && hintedEnds < 2) score *= hintedEnds === 1 ? 1 + (w.bothEnds - 1) / 2 : w.bothEnds;
    if (seedWeight.has(relation.subject) && !hinted.has(relation.subject)) score *= w.seedSubject;
    if (onPath.has(r)) score *= w.onPath;
    const far = ends.filter((node) => !seedWeight.has(node));
    const sharedWords = Math.max(0, ...(far.length > 0 ? far : ends).map((node) => input.shared.get(node) ?? 0));
    score *= 1 + w.sharedWords * Math.min(sharedWords, w.sharedWordsCap);
    if (relation.learning && seedWeight.has(relation.subject)) score *= w.learningOrder;
    scored.push({ relation: r, score });
  }
  scored.sort((a, b) => b.score - a.score || (index.relations[a.relation]?.id ?? '').localeCompare(index.relations[b.relation]?.id ?? ''));
  const best = scored[0]?.score ?? 0;
  // Two hops look wider: a lower bar lets facts further from the question in.
  const pool = scored
    .filter((fact) => fact.score >= (best * w.minShareOfBest) / input.breadth ** 2)
    .slice(0, Math.max(input.maxFacts * 8, 64));

  // Greedy pick: each fact already taken from a concept of the question lowers the next one's score.
  const uses = new Map<number, number>();
  const picked: RankedFact[] = [];
  const taken = new Set<number>();
  while (picked.length < input.maxFacts && taken.size < pool.length) {
    let choice: RankedFact | undefined;
    let choiceScore = -1;
    for (const fact of pool) {
      if (taken.has(fact.relation)) continue;
      const relation = index.relations[fact.relation];
      if (!relation) continue;
      const anchors = [relation.subject, relation.object].filter((node) => seedWeight.has(node));
      const used = anchors.length > 0 ? Math.min(...anchors.map((node) => uses.get(node) ?? 0)) : 0;
      const adjusted = fact.score * w.repeatDecay ** used;
      if (adjusted > choiceScore) {
        choice = fact;
        choiceScore = adjusted;
      }
    }
    if (!choice) break;
    taken.add(choice.relation);
    picked.push({ relation: choice.relation, score: Math.round(choiceScore * 10_000) / 10_000 });
    const relation = index.relations[choice.relation];
    if (relation) for (const node of [relation.subject, relation.object]) uses.set(node, (uses.get(node) ?? 0) + 1);
  }
  return picked;
}
