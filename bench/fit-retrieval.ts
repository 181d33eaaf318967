// Fits retrieval's ranking weights (src/graph/retrieval/weights.ts) by coordinate ascent on the TRAINING set
// only: each weight in turn is tried at a few other values, and a value is kept when it answers more training
// questions (answered at 5, 8 and 12, plus half the fact recall at 5 and 8) in each half of the set, without
// giving an out-of-scope question facts or a non-learning question a REQUIRES fact. Sweeps until a sweep keeps
// nothing. The development
// set's totals are printed before and after (the blind set is not read), so what the fit buys on questions
// nobody tuned on shows at once. The learned layer (bench:fit-ranker) stays as it is: refit it afterwards.
// Prints the weights that moved, and the ones whose every tried value scored the same (candidates to drop).
// Run: NEO4J_URI=bolt://127.0.0.1:7687 npm run bench:fit-retrieval [-- --sweeps 3]
import type { Catalogue } from '../src/graph/catalogue.js';
import type { RetrievalIndex } from '../src/graph/retrieval/graph-index.js';
import { answer, RetrieveRequest } from '../src/graph/retrieval/index.js';
import { retrievalWeights } from '../src/graph/retrieval/weights.js';
import { answeredSummary, devFile, type EvalQuestion, evalFile, evaluate, loadEvalSet, loadSeededIndex } from './retrieval-eval.js';

/**
 * The weights the fit may move: the ranking's factors and the walk's shape. Left out: bounds on work
 * (they cap cost, not quality), the question's limits, the context's size, and what the index reads at build
 * time (`match.specificityFloor`, `described.nameTermBoost`, `described.maxDocumentShare`, `described.maxPostings`),
 * and `match.typo`: the training questions hold almost no typos, so a fit would trade the tolerance users need
 * for a question or two whose ordinary word reads as a misspelt name. Nor the cut (`rank.minShareOfLead`,
 * `rank.leadRank`): the objective counts what a reply holds, never what it should have left out, so a fit
 * always drops the cut and fills every reply to maxFacts.
 */
const fitted: [section: keyof typeof retrievalWeights, key: string, kind: 'factor' | 'share' | 'count'][] = [
  ['match', 'alias', 'share'],
  ['described', 'minScore', 'factor'],
  ['described', 'maxConcepts', 'count'],
  ['described', 'base', 'share'],
  ['described', 'perTerm', 'share'],
  ['described', 'cap', 'share'],
  ['hinted', 'minScore', 'factor'],
  ['hinted', 'maxConcepts', 'count'],
  ['hinted', 'perScore', 'share'],
  ['hinted', 'cap', 'share'],
  ['graph', 'teleport', 'share'],
  ['graph', 'candidateNodes', 'count'],
  ['graph', 'relationsPerNode', 'count'],
  ['graph', 'linkedSeeds', 'count'],
  ['rank', 'degreeDamping', 'share'],
  ['rank', 'askedTypeAnchored', 'factor'],
  ['rank', 'askedType', 'factor'],
  ['rank', 'bothEnds', 'factor'],
  ['rank', 'seedSubject', 'factor'],
  ['rank', 'onPath', 'factor'],
  ['rank', 'between', 'factor'],
  ['rank', 'bridge', 'factor'],
  ['rank', 'salient', 'factor'],
  ['rank', 'explains', 'factor'],
  ['rank', 'sharedWords', 'share'],
  ['rank', 'sharedWordsCap', 'count'],
  ['rank', 'repeatDecay', 'share'],
  ['rank', 'comparisonDecay', 'share'],
  ['rank', 'focusedSalient', 'factor'],
  ['rank', 'describedKind', 'factor'],
  ['rank', 'oppositePair', 'factor'],
  ['rank', 'contrastPair', 'factor'],
  ['rank', 'reason', 'factor'],
  ['rank', 'aspectDecay', 'share'],
  ['rank', 'genericKind', 'share'],
  ['rank', 'alternativeSeed', 'share'],
  ['graph', 'pathHops', 'count'],
  ['chain', 'lookAhead', 'count'],
  ['chain', 'minAskedTypes', 'count'],
  ['chain', 'maxNodes', 'count'],
  ['chain', 'seedShare', 'share'],
  ...Object.keys(retrievalWeights.typePrior).map((type): [keyof typeof retrievalWeights, string, 'factor'] => [
    'typePrior',
    type,
    'factor',
  ]),
];

type Table = Record<string, Record<string, unknown>>;
const table = retrievalWeights as unknown as Table;
const get = (section: string, key: string) => table[section]?.[key] as number;
const set = (section: string, key: string, value: number) => {
  const s = table[section];
  if (s) s[key] = value;
};

/** Values tried around the current one: factors and counts move by steps, shares stay within 0..1. */
function neighbours(value: number, kind: 'factor' | 'share' | 'count'): number[] {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  if (kind === 'count') return [value - 2, value - 1, value + 1, value + 2].filter((x) => x >= 0);
  if (kind === 'factor') return [1, value * 0.7, value * 0.85, value * 1.15, value * 1.4].map(round).filter((x) => x !== value && x > 0);
  return [0, value * 0.5, value * 0.75, Math.min(1, value * 1.25), Math.min(1, value * 1.5)].map(round).filter((x) => x !== value);
}

/**
 * One number for the training set: per in-scope question, answered at 5, 8 and 12 (1 each) plus half its fact
 * recall at 5 and 8; and apart from it, the leaks: out-of-scope questions given a fact and non-learning ones
 * given a REQUIRES fact. Leaks are a constraint, not a price: a value that adds one is never kept, whatever it
 * buys, and none is bought back by answering less (silencing everything would remove them all).
 * One request per question at 12, its top 5 and 8 read from it (the greedy pick's first 8 of 12 are its 8).
 */
interface Objective {
  score: number;
  leaks: number;
}

function objectiveOf(ask: Answer, questions: EvalQuestion[]): Objective {
  let total = 0;
  let leaks = 0;
  for (const question of questions) {
    const facts = ask(question.q);
    if (question.kind === 'out-of-scope') {
      if (facts.length > 0) leaks++;
      continue;
    }
    if (question.kind !== 'learning' && facts.slice(0, 8).some((fact) => fact.type === 'REQUIRES')) leaks++;
    const ids = facts.map((fact) => fact.id);
    const share = (k: number) =>
      question.facts.filter((e) => (typeof e === 'string' ? [e] : e).some((id) => ids.slice(0, k).includes(id))).length /
      question.facts.length;
    const [at5, at8, at12] = [share(5), share(8), share(12)];
    total += Number(at5 === 1) + Number(at8 === 1) + Number(at12 === 1) + 0.5 * (at5 + at8);
  }
  return { score: total, leaks };
}

type Answer = (query: string) => { id: string; type: string }[];

function answerAt12(index: RetrievalIndex, catalogue: Catalogue): Answer {
  return (query) => answer(index, catalogue, RetrieveRequest.parse({ query, maxFacts: 12 })).facts;
}

/**
 * Coordinate ascent with a guard against fitting single questions: the training set is split in two halves
 * (alternate questions), and a value moves only when it answers at least one more question-equivalent in all
 * and loses nothing in either half. A weight that helps one half at the other's cost is fitted to its examples.
 */
function coordinateAscent(ask: Answer, training: EvalQuestion[], sweeps: number): { still: string[] } {
  const halves = [training.filter((_, i) => i % 2 === 0), training.filter((_, i) => i % 2 === 1)] as const;
  const scoreOf = () => halves.map((half) => objectiveOf(ask, half)) as [Objective, Objective];
  // Better: no half leaks more and neither answers less; then either a leak fewer, or a question-equivalent more.
  const better = (a: [Objective, Objective], b: [Objective, Objective]) =>
    a.every((half, i) => half.leaks <= (b[i]?.leaks ?? 0) && half.score >= (b[i]?.score ?? 0)) &&
    (a[0].leaks + a[1].leaks < b[0].leaks + b[1].leaks || a[0].score + a[1].score >= b[0].score + b[1].score + 1);
  let best = scoreOf();
  const still = new Set(fitted.map(([section, key]) => `${section}.${key}`));
  for (let sweep = 1; sweep <= sweeps; sweep++) {
    let kept = 0;
    for (const [section, key, kind] of fitted) {
      const current = get(section, key);
      let choice = current;
      for (const value of neighbours(current, kind)) {
        set(section, key, value);
        const score = scoreOf();
        if (score.some((half, i) => half.score !== best[i]?.score || half.leaks !== best[i]?.leaks)) still.delete(`${section}.${key}`);
        if (better(score, best)) {
          best = score;
          choice = value;
        }
      }
      set(section, key, choice);
      if (choice !== current) {
        kept++;
        const shown = best.map((half) => `${half.score.toFixed(1)} (${half.leaks} leaks)`).join(' + ');
        console.log(`sweep ${sweep}: ${section}.${key} ${current} -> ${choice} (objective ${shown})`);
      }
    }
    if (kept === 0) break;
  }
  return { still: [...still] };
}

async function main(): Promise<void> {
  const sweepsAt = process.argv.indexOf('--sweeps');
  const sweeps = sweepsAt > 0 ? Number(process.argv[sweepsAt + 1]) : 3;
  const { index, catalogue, ask } = await loadSeededIndex();
  const training = await loadEvalSet(evalFile);
  const dev = await loadEvalSet(devFile);
  const before = { training: answeredSummary(await evaluate(ask, training)), dev: answeredSummary(await evaluate(ask, dev)) };
  const initial = Object.fromEntries(fitted.map(([section, key]) => [`${section}.${key}`, get(section, key)]));
  const { still } = coordinateAscent(answerAt12(index, catalogue), training, sweeps);
  console.log('\nanswered @5/@8/@12');
  console.log(`training before ${before.training}\ntraining after  ${answeredSummary(await evaluate(ask, training))}`);
  console.log(`dev      before ${before.dev}\ndev      after  ${answeredSummary(await evaluate(ask, dev))}`);
  console.log('\nmoved:');
  for (const [section, key] of fitted) {
    const name = `${section}.${key}`;
    if (get(section, key) !== initial[name]) console.log(`  ${name}: ${initial[name]} -> ${get(section, key)}`);
  }
  console.log(`\nno tried value changed the training score: ${still.join(', ') || 'none'}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
