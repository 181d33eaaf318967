// Ranks facts with the whole graph: personalised PageRank seeded from the question's concepts (the idea
// behind HippoRAG), computed by local push so its cost depends on the question, not the graph's size;
// then each candidate relation is scored by the rank of its ends and what the question asks about
// (relation type, both ends named, path between two named concepts, shared words: fact-score.ts), and facts
// are picked greedily so one concept cannot fill the list (picking.ts). Pure; the weights are in weights.ts
// and learned-weights.ts.
import { type Links, relationScorer, type ScoreTrace, type Scoring } from './fact-score.js';
import type { IndexedRelation, RetrievalIndex } from './graph-index.js';
import { alternativesTo, bridgingRelations, personalizedPageRank, reasonRelations, walkableRelations } from './graph-walk.js';
import { contentTerms } from './index-terms.js';
import type { ConceptHit } from './matching.js';
import { connectingRelations } from './paths.js';
import { pickFacts } from './picking.js';
import { retrievalWeights } from './weights.js';

export interface RankInput {
  seeds: ConceptHit[];
  /** Relation types the question asks about. */
  asked: ReadonlySet<string>;
  /** Those its content words ask for, before a why-question adds strengths and weaknesses ("less secure" states a weakness). */
  stated?: ReadonlySet<string>;
  /** The question's content terms that no name took, matched against each fact's link terms (described.ts linkTermsOf). */
  terms?: ReadonlySet<string>;
  /** Content terms shared with each concept's text. */
  shared: ReadonlyMap<number, number>;
  learningOrder: boolean;
  /** The question asks why: facts of explaining types rank higher. */
  why: boolean;
  /** The question compares: picks alternate between the sides. */
  comparison: boolean;
  /** It asks for all of something: an aspect asked for whole. */
  whole?: boolean;
  /** Stems of the nouns the question points back with ("that file"): follow one link further, to a concept so called if there is one. */
  anaphor: readonly string[];
  /** It asks what lies between two of its concepts: paths through a third. */
  between?: boolean;
  /** It asks how work passes from one to another: the chain of work between them, even where a direct link exists. */
  flow?: boolean;
  /** Concepts the question sets aside ("other than the daemon"): their relations are neither walked nor shown. */
  excluded?: ReadonlySet<number>;
  maxFacts: number;
  /** 1 or 2: how wide the candidate neighbourhood is. */
  breadth: number;
  /** Sees every scored candidate (bench/fit-ranker.ts). */
  trace?: ScoreTrace;
}

export interface RankedFact {
  relation: number;
  score: number;
  /** Of an asked type on a concept of the question: part of the aspect asked for. */
  aspect?: boolean;
}

type Walkable = (relation: number) => boolean;

/** Candidates: the relations of the best-ranked nodes, and those on connecting paths and bridges. */
function candidatesOf(index: RetrievalIndex, input: RankInput, scoring: Scoring, walkable: Walkable): Set<number> {
  const { graph } = retrievalWeights;
  const { onPath, bridges } = scoring.links;
  const nodes = [...scoring.ppr.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, graph.candidateNodes * input.breadth)
    .map(([node]) => node);
  const candidates = new Set<number>([...onPath.keys(), ...bridges]);
  for (const node of nodes) {
    for (const r of walkableRelations(index, node, walkable, graph.relationsPerNode)) candidates.add(r);
  }
  return candidates;
}

/**
 * How many of the best-scored candidates a pick chooses among: four times the facts asked for, at least 32.
 * The learned trees re-rank only these, so their cost follows `maxFacts`, not the candidates' count.
 */
const poolSize = (maxFacts: number) => Math.max(maxFacts * 4, 32);

/** The pool a pick chooses from, best first. */
function scoreFacts(index: RetrievalIndex, input: RankInput, scoring: Scoring, walkable: Walkable): RankedFact[] {
  const scorer = relationScorer(index, input, scoring);
  const aspectTypes = new Set<string>(retrievalWeights.rank.aspectTypes);
  const anchored = (node: number) => scoring.seedWeight.has(node) && !scoring.hinted.has(node);
  // A why-question asks for strengths and weaknesses as reasons, not for an aspect whole; a comparison asks for
  // each side's share, unless it asks for all of one ("VM이랑 비교해서 컨테이너 약점 전부").
  const aspectOf = (relation: IndexedRelation) =>
    (!input.comparison || input.whole === true) &&
    !input.why &&
    aspectTypes.has(relation.type) &&
    input.asked.has(relation.type) &&
    (anchored(relation.subject) || anchored(relation.object));
  const byScore = (a: RankedFact, b: RankedFact) =>
    b.score - a.score || (index.relations[a.relation]?.id ?? '').localeCompare(index.relations[b.relation]?.id ?? '');
  // The coefficients choose the pool a pick can take from; the learned trees, the costlier part, re-rank only it.
  const scored: (RankedFact & { row: number })[] = [];
  for (const r of candidatesOf(index, input, scoring, walkable)) {
    const relation = index.relations[r];
    if (relation) scored.push({ relation: r, ...scorer.score(r, relation), aspect: aspectOf(relation) });
  }
  const pool = scored.sort(byScore).slice(0, poolSize(input.maxFacts));
  for (const fact of pool) fact.score *= scorer.treesFactor(fact.row);
  return pool.sort(byScore).map(({ relation, score, aspect }) => ({ relation, score, aspect }));
}

export function rankFacts(index: RetrievalIndex, input: RankInput): RankedFact[] {
  const excluded = input.excluded ?? new Set<number>();
  // What a concept the question sets aside ("other than containerd") is a kind of is still read, to find its
  // alternatives; its own relations are never walked or shown.
  const walks = (r: number) => {
    const relation = index.relations[r];
    return relation !== undefined && (input.learningOrder || !relation.learning);
  };
  const walkable = (r: number) => {
    const relation = index.relations[r];
    return walks(r) && relation !== undefined && !excluded.has(relation.subject) && !excluded.has(relation.object);
  };
  const seedWeight = new Map<number, number>();
  for (const hit of input.seeds) seedWeight.set(hit.concept, Math.max(seedWeight.get(hit.concept) ?? 0, hit.weight));
  const hinted = new Set(input.seeds.filter((hit) => hit.how === 'hinted').map((hit) => hit.concept));
  // The other kinds of what a set-aside concept is a kind of are what "other than" asks for.
  const { alternativeSeed } = retrievalWeights.rank;
  for (const concept of alternativeSeed > 0 ? excluded : []) {
    for (const alternative of alternativesTo(index, concept, walks)) {
      if (!excluded.has(alternative)) seedWeight.set(alternative, Math.max(seedWeight.get(alternative) ?? 0, alternativeSeed));
    }
  }
  if (seedWeight.size === 0) return [];
  const strongestSeeds = [...seedWeight.entries()]
    .filter(([node]) => !hinted.has(node))
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, retrievalWeights.graph.linkedSeeds)
    .map(([node]) => node);
  const links: Links = {
    onPath: connectingRelations(index, strongestSeeds, walkable, input.between, input.flow),
    ...bridgingRelations(index, strongestSeeds, walkable),
    reasons: input.why ? reasonRelations(index, strongestSeeds, walkable) : new Set(),
  };
  const weightedDegree = input.learningOrder ? index.degree.allWeight : index.degree.factWeight;
  const walk = { seedWeight, ppr: personalizedPageRank(index, seedWeight, walkable, weightedDegree) };
  // Asked how the work passes along, the concepts on the chain between two of its own join the walk, as a
  // chain's next link does (followChain), so their facts rank with the question's.
  const along = input.flow ? alongTheWork(index, seedWeight, strongestSeeds, links.onPath) : new Map<number, number>();
  const scoring: Scoring = {
    ...(along.size > 0 ? joinedWalk(index, walk, along, walkable, weightedDegree) : walk),
    hinted,
    links,
    chain: new Set(along.keys()),
  };
  const scored = followChain(index, input, scoring, walkable, weightedDegree) ?? scoreFacts(index, input, scoring, walkable);
  return pickFacts(index, input, seedWeight, scored);
}

/**
 * A chain ("which runtime does Kubernetes use, and what does that runtime hand the work to?"): the
 * best facts of an asked type lead from a concept of the question to one it does not name; that
 * concept joins the walk, so its own facts of the asked types can rank, and the facts are scored again.
 * Without two asked types, a question pointing back ("that file") follows its best link of any type.
 * Undefined when there is no chain to follow.
 */
function followChain(
  index: RetrievalIndex,
  input: RankInput,
  scoring: Scoring,
  walkable: Walkable,
  weightedDegree: ArrayLike<number>,
): RankedFact[] | undefined {
  const c = retrievalWeights.chain;
  const { seedWeight, hinted } = scoring;
  const followAny = input.asked.size < c.minAskedTypes && input.anaphor.length > 0;
  if (input.asked.size < c.minAskedTypes && !followAny) return undefined;
  const scored = scoreFacts(index, input, scoring, walkable);
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
    const concept = index.concepts[node];
    return concept !== undefined && contentTerms(`${concept.name.en} ${concept.name.ko}`).some((term) => input.anaphor.includes(term));
  };
  const rankOf = (step: (typeof steps)[number]) => (called(step.to) ? 2 : 0) + (step.asked ? 1 : 0);
  steps.sort((a, b) => rankOf(b) - rankOf(a));
  const chain = new Set<number>();
  const added = new Map<number, number>();
  for (const { from, to } of steps.slice(0, followAny ? 1 : c.maxNodes)) {
    chain.add(to);
    added.set(to, (seedWeight.get(from) ?? 0) * c.seedShare);
  }
  if (chain.size === 0) return scored;
  for (const node of scoring.chain) chain.add(node);
  return scoreFacts(index, input, { ...scoring, ...joinedWalk(index, scoring, added, walkable, weightedDegree), chain }, walkable);
}

/** The concepts on the paths between the question's strongest concepts, not its own, each at a share of the weakest one's weight. */
function alongTheWork(
  index: RetrievalIndex,
  seedWeight: ReadonlyMap<number, number>,
  strongestSeeds: readonly number[],
  onPath: ReadonlyMap<number, number>,
): Map<number, number> {
  const along = new Map<number, number>();
  if (strongestSeeds.length < 2) return along;
  const share = retrievalWeights.chain.seedShare * Math.min(...strongestSeeds.map((node) => seedWeight.get(node) ?? 0));
  for (const r of onPath.keys()) {
    const relation = index.relations[r];
    for (const node of relation ? [relation.subject, relation.object] : []) if (!seedWeight.has(node)) along.set(node, share);
  }
  return along;
}

/**
 * The walk with concepts added to its seeds. PageRank is linear in its seeds: the walk from the added concepts
 * alone, mixed in by their share of the seed weight, is the walk from all of them, without walking the
 * question's own concepts again.
 */
function joinedWalk(
  index: RetrievalIndex,
  walk: { seedWeight: ReadonlyMap<number, number>; ppr: ReadonlyMap<number, number> },
  added: ReadonlyMap<number, number>,
  walkable: Walkable,
  weightedDegree: ArrayLike<number>,
): { seedWeight: Map<number, number>; ppr: Map<number, number> } {
  const before = [...walk.seedWeight.values()].reduce((a, b) => a + b, 0);
  const extra = [...added.values()].reduce((a, b) => a + b, 0);
  const share = extra / (before + extra);
  const ppr = new Map<number, number>();
  for (const [node, value] of walk.ppr) ppr.set(node, value * (1 - share));
  for (const [node, value] of personalizedPageRank(index, added, walkable, weightedDegree))
    ppr.set(node, (ppr.get(node) ?? 0) + value * share);
  return { seedWeight: new Map([...walk.seedWeight, ...added]), ppr };
}
