// The score of one candidate fact. Two layers: the hand-structured factors of weights.ts (what flows along the
// relation from the question's concepts, times what the question asks of it), and a learned adjustment
// (learned.ts) that reads the same evidence as named features and was fitted on the training questions by
// `npm run bench:fit-ranker`. Every factor that fires is recorded as a feature, so the two layers never
// disagree on what a fact is. Pure.
import type { IndexedRelation, RetrievalIndex } from './graph-index.js';
import { hangulPrefixes } from './index-terms.js';
import { Evidence, type Features } from './learned.js';
import type { RankInput } from './ranking.js';
import { retrievalWeights } from './weights.js';

export interface Links {
  onPath: Map<number, number>;
  bridges: Set<number>;
  opposite: Set<number>;
  /** A why-question's reasons: a concept's link to what it works by, and that mechanism's own share of the concept's strength or weakness. */
  reasons: Set<number>;
}

export interface Scoring {
  seedWeight: Map<number, number>;
  /** Personalised PageRank from seedWeight. */
  ppr: Map<number, number>;
  hinted: ReadonlySet<number>;
  /** Paths and bridges between the question's strongest concepts: the same in both passes, so found once. */
  links: Links;
  /** Concepts reached by following an asked relation from a concept of the question (the next link of a chain). */
  chain: ReadonlySet<number>;
}

/** What every fact of one question is scored against, worked out once per pass. */
interface Context {
  input: RankInput;
  scoring: Scoring;
  counts: ArrayLike<number>;
  describedSeeds: ReadonlySet<number>;
  explaining: ReadonlySet<string>;
  anchored: (node: number) => boolean;
  flow: (node: number) => number;
  isSeed: (node: number) => boolean;
  sharedOf: (node: number) => number;
  /** Feature names per relation type, made once: "type:USES", "asked:USES". */
  typeNames: (type: string) => { type: string; asked: string };
  /** In a why-comparison, the quality the side named first is asked about (a strength, or a weakness). */
  firstHolds: string | undefined;
  firstNamed: number | undefined;
  linkIdf: (term: string) => number;
  /** The question's terms no name took, each with its shorter Korean forms (longest first). */
  linkForms: { term: string; shorter: string[] }[];
  /** The idf of all the question's free terms (or their shorter Korean forms) that any fact's link terms hold. */
  linkTotal: number;
}

function contextOf(index: RetrievalIndex, input: RankInput, scoring: Scoring): Context {
  const w = retrievalWeights.rank;
  const { seedWeight, hinted, chain, ppr } = scoring;
  const counts = input.learningOrder ? index.degree.all : index.degree.facts;
  const top = Math.max(...ppr.values(), 1e-12);
  const [strengthType, weaknessType] = retrievalWeights.comparison.opposites[0] ?? [];
  const names = new Map<string, { type: string; asked: string }>();
  const linkIdf = (term: string) => index.linkIdf.get(term) ?? 0;
  const linkForms = [...(input.terms ?? [])].map((term) => ({ term, shorter: hangulPrefixes(term) }));
  let linkTotal = 0;
  for (const { term, shorter } of linkForms) linkTotal += linkIdf(term) || linkIdf(shorter.find((form) => linkIdf(form) > 0) ?? '');
  return {
    linkIdf,
    linkForms,
    linkTotal,
    typeNames: (type) => {
      let known = names.get(type);
      if (!known) {
        known = { type: `type:${type}`, asked: `asked:${type}` };
        names.set(type, known);
      }
      return known;
    },
    input,
    scoring,
    counts,
    describedSeeds: new Set(input.seeds.filter((hit) => hit.how === 'described').map((hit) => hit.concept)),
    explaining: new Set<string>(retrievalWeights.why.explainingTypes),
    anchored: (node) => (seedWeight.has(node) && !hinted.has(node)) || chain.has(node),
    // Each end's rank shared among its relations (damped), so a hub's many relations do not all outrank a specific concept's few.
    flow: (node) => (ppr.get(node) ?? 0) / top / (counts[node] || 1) ** w.degreeDamping,
    isSeed: (node) => seedWeight.has(node) && !chain.has(node),
    sharedOf: (node) => input.shared.get(node) ?? 0,
    firstHolds: input.stated?.has(weaknessType ?? '') && !input.stated.has(strengthType ?? '') ? weaknessType : strengthType,
    firstNamed: input.seeds
      .filter((hit) => hit.how === 'named')
      .sort((a, b) => (a.start ?? 0) - (b.start ?? 0))
      .at(0)?.concept,
  };
}

/** The hand-structured score: each factor of weights.ts that applies, noted under its own name. */
function handScore(c: Context, r: number, relation: IndexedRelation, f: Evidence): number {
  const w = retrievalWeights.rank;
  const { input } = c;
  const { seedWeight, hinted } = c.scoring;
  const { onPath, bridges, opposite, reasons } = c.scoring.links;
  const { contrastType, kindType } = retrievalWeights.comparison;
  const { subject, object, type } = relation;
  const factor = (name: string, value: number) => {
    f.note(name);
    return value;
  };
  const flow = c.flow(subject) + c.flow(object);
  f.note('flow', Math.log(flow + 1e-9));
  let score = flow * relation.confidence * (retrievalWeights.typePrior[type] ?? 1);
  const touches = c.anchored(subject) || c.anchored(object);
  const hintedEnds = Number(hinted.has(subject)) + Number(hinted.has(object));
  const seedEnds = Number(c.isSeed(subject)) + Number(c.isSeed(object));
  // The type the question asks about, said of a concept it is about, is the strongest signal there is; but in a
  // comparison, a contrast with a third concept answers nothing.
  const sideContrast = input.comparison && type === contrastType && seedEnds < 2;
  if (input.asked.has(type) && !sideContrast)
    score *= touches ? factor('askedTypeAnchored', w.askedTypeAnchored) : factor('askedType', w.askedType);
  // A concept the question describes without naming (and unmistakably) is what it looks for: what kind of thing it is answers "which one".
  if (type === kindType && c.describedSeeds.has(subject)) score *= factor('describedKind', w.describedKind);
  else if (type === kindType && !input.asked.has(kindType) && !c.anchored(subject)) score *= factor('genericKind', w.genericKind);
  if (seedEnds === 2 && hintedEnds < 2)
    score *= hintedEnds === 1 ? factor('bothEndsHinted', 1 + (w.bothEnds - 1) / 2) : factor('bothEnds', w.bothEnds);
  if (seedWeight.has(subject) && !hinted.has(subject)) score *= factor('seedSubject', w.seedSubject);
  if (onPath.has(r)) score *= input.between ? factor('between', w.onPath * w.between) : factor('onPath', w.onPath);
  // A neighbour both sides share is what a link goes through, but in a plain comparison it crowds out what sets them apart.
  else if (bridges.has(r)) score *= input.comparison && !input.why ? factor('comparisonBridge', 1) : factor('bridge', w.bridge);
  if (((relation.salient & 1) !== 0 && c.anchored(subject)) || ((relation.salient & 2) !== 0 && c.anchored(object)))
    score *= input.comparison || input.why ? factor('focusedSalient', w.salient * w.focusedSalient) : factor('salient', w.salient);
  if (input.why && touches && c.explaining.has(type)) score *= factor('explains', w.explains);
  if (reasons.has(r)) score *= factor('reason', w.reason);
  // "Why is A faster than B": where one side has the strength the other lacks, the side named first holding
  // what the question states (a strength, or a weakness: "why is A less secure than B").
  if (input.why && input.comparison && opposite.has(r) && (type === c.firstHolds) === (subject === c.firstNamed))
    score *= factor('oppositePair', w.oppositePair);
  // A plain comparison: both halves of such a pair, since together they say where the two differ.
  else if (input.comparison && !input.why && opposite.has(r)) score *= factor('contrastPair', w.contrastPair);
  score *= 1 + w.sharedWords * Math.min(sharedWords(c, relation), w.sharedWordsCap);
  if (relation.learning && seedWeight.has(subject)) score *= factor('learningOrder', w.learningOrder);
  return score;
}

/** Words shared with the far end (or with either end when both are the question's). */
function sharedWords(c: Context, { subject, object }: IndexedRelation): number {
  const subjectFar = !c.scoring.seedWeight.has(subject);
  const objectFar = !c.scoring.seedWeight.has(object);
  return subjectFar || objectFar
    ? Math.max(subjectFar ? c.sharedOf(subject) : 0, objectFar ? c.sharedOf(object) : 0)
    : Math.max(c.sharedOf(subject), c.sharedOf(object));
}

/** What the learned layer reads besides the factors: the type, whether the question asks it, and each end's standing. */
function describe(c: Context, r: number, relation: IndexedRelation, f: Evidence): void {
  const { subject, object, type } = relation;
  const { seedWeight, hinted, chain, links } = c.scoring;
  const names = c.typeNames(type);
  f.note(names.type);
  if (c.input.asked.has(type)) f.note(names.asked);
  if (c.input.stated?.has(type)) f.note('stated');
  f.note('subjectSeed', hinted.has(subject) ? 0 : (seedWeight.get(subject) ?? 0));
  f.note('objectSeed', hinted.has(object) ? 0 : (seedWeight.get(object) ?? 0));
  if (hinted.has(subject)) f.note('subjectHinted');
  if (hinted.has(object)) f.note('objectHinted');
  if (c.describedSeeds.has(subject)) f.note('subjectDescribed');
  if (c.describedSeeds.has(object)) f.note('objectDescribed');
  if (relation.salient !== 0) f.note('salientAny');
  f.note('subjectDegree', Math.log1p(c.counts[subject] ?? 0));
  f.note('objectDegree', Math.log1p(c.counts[object] ?? 0));
  f.note('subjectWords', Math.min(c.sharedOf(subject), 4));
  f.note('objectWords', Math.min(c.sharedOf(object), 4));
  if (chain.has(subject) || chain.has(object)) f.note('chainEnd');
  // On the chain of work between two of its concepts, when the question asks how the work passes along it.
  if (c.input.flow && links.onPath.has(r)) f.note('flowPath');
  if (links.opposite.has(r)) f.note('opposite');
  f.note('confidence', Math.log(relation.confidence));
  const link = linkMatch(c, relation);
  if (link.count > 0) {
    // Past three shared words a question is plainly about this link; more say little more.
    f.note('linkWords', Math.min(link.count, 3));
    f.note('linkScore', link.score);
  }
}

/** How much of the question the fact's own questions speak to: the idf of the question's words they hold, as a share of all its words' idf. */
function linkMatch(c: Context, relation: IndexedRelation): { count: number; score: number } {
  const link = relation.linkTerms;
  if (!link || c.linkTotal === 0) return { count: 0, score: 0 };
  let count = 0;
  let sum = 0;
  for (const { term, shorter } of c.linkForms) {
    // The word itself, a longer link word it starts (격리 of 격리되), or a shorter one it starts with (실행 of 실행시키).
    const matched = link.has(term) || relation.linkPrefixes?.has(term) ? term : shorter.find((form) => link.has(form));
    if (matched === undefined) continue;
    count++;
    sum += c.linkIdf(matched);
  }
  return { count, score: sum / c.linkTotal };
}

/** Called with every scored candidate's hand-structured score and features (the fit collects them; nothing else does). */
export type ScoreTrace = (relation: number, handScore: number, features: Features) => void;

/** One candidate's score by the coefficients, and where the scorer keeps what the learned trees will read of it (-1: no trees). */
export interface ScoredCandidate {
  score: number;
  row: number;
}

export interface RelationScorer {
  score: (r: number, relation: IndexedRelation) => ScoredCandidate;
  /** The trees' factor on a candidate's score (1 without trees). */
  treesFactor: (row: number) => number;
}

export function relationScorer(index: RetrievalIndex, input: RankInput, scoring: Scoring): RelationScorer {
  const context = contextOf(index, input, scoring);
  const evidence = new Evidence(input.trace !== undefined);
  return {
    score: (r, relation) => {
      evidence.reset();
      const hand = handScore(context, r, relation, evidence);
      describe(context, r, relation, evidence);
      if (input.trace && evidence.features) input.trace(r, hand, evidence.features);
      return { score: evidence.linear(hand), row: evidence.row(hand) };
    },
    treesFactor: (row) => evidence.treesFactor(row),
  };
}
