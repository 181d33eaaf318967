// Ranks facts with the whole graph: personalised PageRank seeded from the question's concepts (the idea
// behind HippoRAG), computed by local push so its cost depends on the question, not the graph's size;
// then each candidate relation is scored by the rank of its ends and what the question asks about
// (relation type, both ends named, path between two named concepts, shared words), and facts are picked
// greedily so one concept cannot fill the list. Pure; the weights are in weights.ts.
import { contentTerms, type RetrievalIndex } from './graph-index.js';
import type { ConceptHit } from './matching.js';
import { retrievalWeights } from './weights.js';

export interface RankInput {
  seeds: ConceptHit[];
  /** Relation types the question asks about. */
  asked: ReadonlySet<string>;
  /** Content terms shared with each concept's text. */
  shared: ReadonlyMap<number, number>;
  learningOrder: boolean;
  /** The question asks why: facts of explaining types rank higher. */
  why: boolean;
  /** The question compares: picks alternate between the sides. */
  comparison: boolean;
  /** Stems of the nouns the question points back with ("that file"): follow one link further, to a concept so called if there is one. */
  anaphor: readonly string[];
  maxFacts: number;
  /** 1 or 2: how wide the candidate neighbourhood is. */
  breadth: number;
}

export interface RankedFact {
  relation: number;
  score: number;
}

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
    for (const r of (index.adjacency[seed] ?? []).slice(0, relationsPerNode)) {
      const relation = index.relations[r];
      if (!relation || !walkable(r)) continue;
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

interface Links {
  onPath: Map<number, number>;
  bridges: Set<number>;
  opposite: Set<number>;
}

interface Scoring {
  seedWeight: Map<number, number>;
  /** Personalised PageRank from seedWeight. */
  ppr: Map<number, number>;
  hinted: ReadonlySet<number>;
  /** Paths and bridges between the question's strongest concepts: the same in both passes, so found once. */
  links: Links;
  /** Concepts reached by following an asked relation from a concept of the question (the next link of a chain). */
  chain: ReadonlySet<number>;
}

function scoreFacts(index: RetrievalIndex, input: RankInput, scoring: Scoring, walkable: (relation: number) => boolean): RankedFact[] {
  const { graph, rank: w } = retrievalWeights;
  const { seedWeight, hinted, chain } = scoring;
  const counts = input.learningOrder ? index.degree.all : index.degree.facts;
  const { ppr } = scoring;
  const degreeOf = (node: number): number => counts[node] ?? 0;
  const top = Math.max(...ppr.values(), 1e-12);
  const { onPath, bridges, opposite } = scoring.links;
  // Candidates: the relations of the best-ranked nodes, and those on connecting paths and bridges.
  const nodes = [...ppr.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, graph.candidateNodes * input.breadth)
    .map(([node]) => node);
  const candidates = new Set<number>([...onPath.keys(), ...bridges]);
  for (const node of nodes) {
    for (const r of (index.adjacency[node] ?? []).slice(0, graph.relationsPerNode)) if (walkable(r)) candidates.add(r);
  }
  const explaining = new Set<string>(retrievalWeights.why.explainingTypes);
  const { contrastType, kindType } = retrievalWeights.comparison;
  const describedSeeds = new Set(input.seeds.filter((hit) => hit.how === 'described').map((hit) => hit.concept));
  const anchored = (node: number) => (seedWeight.has(node) && !hinted.has(node)) || chain.has(node);

  const scored: RankedFact[] = [];
  const flow = (node: number) => (ppr.get(node) ?? 0) / top / (degreeOf(node) || 1) ** w.degreeDamping;
  const isSeed = (node: number) => seedWeight.has(node) && !chain.has(node);
  const sharedOf = (node: number) => input.shared.get(node) ?? 0;
  for (const r of candidates) {
    const relation = index.relations[r];
    if (!relation) continue;
    const { subject, object, type } = relation;
    // What flows along the edge: each end's rank shared among its relations (damped), so a hub's many
    // relations do not all outrank a specific concept's few.
    let score = (flow(subject) + flow(object)) * relation.confidence;
    const touches = anchored(subject) || anchored(object);
    const hintedEnds = Number(hinted.has(subject)) + Number(hinted.has(object));
    const seedEnds = Number(isSeed(subject)) + Number(isSeed(object));
    // The type the question asks about, said of a concept it is about, is the strongest signal there is; but in a
    // comparison, a contrast with a third concept answers nothing.
    const sideContrast = input.comparison && type === contrastType && seedEnds < 2;
    if (input.asked.has(type) && !sideContrast) score *= touches ? w.askedTypeAnchored : w.askedType;
    // In a comparison, what kind of thing each side is.
    if (input.comparison && type === kindType && anchored(subject)) score *= w.comparisonKind;
    // A concept the question describes without naming (and unmistakably) is what it looks for: what kind of thing it is answers "which one".
    if (type === kindType && describedSeeds.has(subject)) score *= w.describedKind;
    if (seedEnds === 2 && hintedEnds < 2) score *= hintedEnds === 1 ? 1 + (w.bothEnds - 1) / 2 : w.bothEnds;
    if (seedWeight.has(subject) && !hinted.has(subject)) score *= w.seedSubject;
    if (onPath.has(r)) score *= w.onPath;
    // A neighbour both sides share is what a link goes through, but in a plain comparison it crowds out what sets them apart.
    else if (bridges.has(r)) score *= input.comparison && !input.why ? 1 : w.bridge;
    if (((relation.salient & 1) !== 0 && anchored(subject)) || ((relation.salient & 2) !== 0 && anchored(object)))
      score *= input.comparison || input.why ? w.salient * w.focusedSalient : w.salient;
    if (input.why && touches && explaining.has(type)) score *= w.explains;
    // "Why is A faster than B": where one side has the strength the other lacks.
    if (input.why && input.comparison && opposite.has(r)) score *= w.oppositePair;
    // Words shared with the far end (or with either end when both are the question's).
    const subjectFar = !seedWeight.has(subject);
    const objectFar = !seedWeight.has(object);
    const sharedWords =
      subjectFar || objectFar
        ? Math.max(subjectFar ? sharedOf(subject) : 0, objectFar ? sharedOf(object) : 0)
        : Math.max(sharedOf(subject), sharedOf(object));
    score *= 1 + w.sharedWords * Math.min(sharedWords, w.sharedWordsCap);
    if (relation.learning && seedWeight.has(subject)) score *= w.learningOrder;
    scored.push({ relation: r, score });
  }
  scored.sort((a, b) => b.score - a.score || (index.relations[a.relation]?.id ?? '').localeCompare(index.relations[b.relation]?.id ?? ''));
  return scored;
}

export function rankFacts(index: RetrievalIndex, input: RankInput): RankedFact[] {
  const { rank: w, chain: c } = retrievalWeights;
  const walkable = (r: number) => {
    const relation = index.relations[r];
    return relation !== undefined && (input.learningOrder || !relation.learning);
  };
  const seedWeight = new Map<number, number>();
  for (const hit of input.seeds) seedWeight.set(hit.concept, Math.max(seedWeight.get(hit.concept) ?? 0, hit.weight));
  if (seedWeight.size === 0) return [];
  const hinted = new Set(input.seeds.filter((hit) => hit.how === 'hinted').map((hit) => hit.concept));
  const strongestSeeds = [...seedWeight.entries()]
    .filter(([node]) => !hinted.has(node))
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, retrievalWeights.graph.linkedSeeds)
    .map(([node]) => node);
  const links: Links = {
    onPath: connectingRelations(index, strongestSeeds, walkable),
    ...bridgingRelations(index, strongestSeeds, walkable),
  };
  const weightedDegree = input.learningOrder ? index.degree.allWeight : index.degree.factWeight;
  const ppr = personalizedPageRank(index, seedWeight, walkable, weightedDegree);
  let scored = scoreFacts(index, input, { seedWeight, ppr, hinted, links, chain: new Set() }, walkable);

  // A chain ("which runtime does Kubernetes use, and what does that runtime hand the work to?"): the
  // best facts of an asked type lead from a concept of the question to one it does not name; that
  // concept joins the walk, so its own facts of the asked types can rank, and the facts are scored again.
  // Without two asked types, a question pointing back ("that file") follows its best link of any type.
  const followAny = input.asked.size < c.minAskedTypes && input.anaphor.length > 0;
  if (input.asked.size >= c.minAskedTypes || followAny) {
    const steps: { from: number; to: number; asked: boolean }[] = [];
    for (const fact of scored.slice(0, c.lookAhead)) {
      const relation = index.relations[fact.relation];
      if (!relation || relation.learning || !(followAny || input.asked.has(relation.type))) continue;
      const from = [relation.subject, relation.object].find((node) => seedWeight.has(node) && !hinted.has(node));
      if (from === undefined) continue;
      const to = from === relation.subject ? relation.object : relation.subject;
      if (!seedWeight.has(to) && !steps.some((step) => step.to === to)) steps.push({ from, to, asked: input.asked.has(relation.type) });
    }
    // "that file": the link to a concept whose name holds the word pointed with comes first, then links of an asked type.
    const called = (node: number) => {
      const c = index.concepts[node];
      return c !== undefined && contentTerms(`${c.name.en} ${c.name.ko}`).some((term) => input.anaphor.includes(term));
    };
    const rankOf = (step: (typeof steps)[number]) => (called(step.to) ? 2 : 0) + (step.asked ? 1 : 0);
    steps.sort((a, b) => rankOf(b) - rankOf(a));
    const chain = new Set<number>();
    const added = new Map<number, number>();
    for (const { from, to } of steps.slice(0, followAny ? 1 : c.maxNodes)) {
      chain.add(to);
      added.set(to, (seedWeight.get(from) ?? 0) * c.seedShare);
    }
    if (chain.size > 0) {
      // PageRank is linear in its seeds: the walk from the added concepts alone, mixed in by their share of the
      // seed weight, is the walk from all of them, without walking the question's own concepts again.
      const before = [...seedWeight.values()].reduce((a, b) => a + b, 0);
      const extra = [...added.values()].reduce((a, b) => a + b, 0);
      const share = extra / (before + extra);
      const fromAdded = personalizedPageRank(index, added, walkable, weightedDegree);
      const mixed = new Map<number, number>();
      for (const [node, value] of ppr) mixed.set(node, value * (1 - share));
      for (const [node, value] of fromAdded) mixed.set(node, (mixed.get(node) ?? 0) + value * share);
      scored = scoreFacts(index, input, { seedWeight: new Map([...seedWeight, ...added]), ppr: mixed, hinted, links, chain }, walkable);
    }
  }

  const best = scored[0]?.score ?? 0;
  // Two hops look wider: a lower bar lets facts further from the question in.
  const pool = scored
    .filter((fact) => fact.score >= (best * w.minShareOfBest) / input.breadth ** 2)
    .slice(0, Math.max(input.maxFacts * 8, 64));

  // Greedy pick: each fact already taken from a concept of the question lowers the next one's score, more
  // so in a comparison, where each side must get its share.
  const decay = input.comparison ? w.comparisonDecay : w.repeatDecay;
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
      // Uses of the less used of its ends that are the question's concepts (none: no decay).
      const { subject, object } = relation;
      const subjectUses = seedWeight.has(subject) ? (uses.get(subject) ?? 0) : Number.POSITIVE_INFINITY;
      const objectUses = seedWeight.has(object) ? (uses.get(object) ?? 0) : Number.POSITIVE_INFINITY;
      const least = Math.min(subjectUses, objectUses);
      const used = least === Number.POSITIVE_INFINITY ? 0 : least;
      const adjusted = fact.score * decay ** used;
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
