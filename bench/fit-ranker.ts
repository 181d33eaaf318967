// Fits retrieval's learned layer (src/graph/retrieval/learned.ts) on the TRAINING questions only, and writes
// src/graph/retrieval/learned-weights.ts. Each in-scope training question is answered with the learned layer
// switched off; every candidate fact is kept with its hand-structured score and features (fact-score.ts). The
// model is a softmax over each question's candidates: score' = score^a × exp(Σ c_k × x_k), fitted by Adam on
// the log-likelihood of the expected facts (for "any one of these", of any one), with an L2 penalty on a − 1
// and every c_k. The development set (never debugged) is printed before and after so the penalty can be chosen
// on questions nobody tuned on; the blind set is not read. Run after bench:fit-retrieval, which sets the
// hand-structured factors this layer adjusts.
// Run: NEO4J_URI=bolt://127.0.0.1:7687 npm run bench:fit-ranker [-- --l2 3] [-- --dry-run]
import { writeFile } from 'node:fs/promises';
import type { Catalogue } from '../src/graph/catalogue.js';
import type { RetrievalIndex } from '../src/graph/retrieval/graph-index.js';
import { answer, RetrieveRequest } from '../src/graph/retrieval/index.js';
import { type Features, identityTable, type LearnedTable, useLearnedTable } from '../src/graph/retrieval/learned.js';
import { answeredSummary, devFile, type EvalQuestion, evalFile, evaluate, loadEvalSet, loadSeededIndex } from './retrieval-eval.js';

/** One training question's candidates: the log of each hand-structured score, its features, and the expected facts' rows. */
interface Sample {
  logScore: Float64Array;
  features: [index: number, value: number][][];
  /** Per expected fact: the candidate rows that would do (an empty row list: never a candidate, no gradient). */
  expected: number[][];
}

const iterations = 300;
const learningRate = 0.05;

function collect(index: RetrievalIndex, catalogue: Catalogue, questions: EvalQuestion[], names: Map<string, number>): Sample[] {
  const nameOf = (name: string) => {
    let i = names.get(name);
    if (i === undefined) {
      i = names.size;
      names.set(name, i);
    }
    return i;
  };
  return questions.flatMap((question) => {
    if (question.kind === 'out-of-scope') return [];
    const seen = new Map<number, { hand: number; features: Features }>();
    answer(index, catalogue, RetrieveRequest.parse({ query: question.q, maxFacts: 12 }), (relation, hand, features) =>
      seen.set(relation, { hand, features }),
    );
    const rows = [...seen.entries()];
    const rowOf = new Map(rows.map(([relation], row) => [index.relations[relation]?.id ?? '', row]));
    return [
      {
        logScore: Float64Array.from(rows, ([, { hand }]) => Math.log(Math.max(hand, 1e-12))),
        features: rows.map(([, { features }]) => Object.entries(features).map(([name, value]): [number, number] => [nameOf(name), value])),
        expected: question.facts.map((e) => (typeof e === 'string' ? [e] : e).flatMap((id) => rowOf.get(id) ?? [])),
      },
    ];
  });
}

/** Adam on the penalised negative log-likelihood; parameter 0 is the score's exponent, the rest the coefficients. */
function fitTable(samples: Sample[], size: number, l2: number): Float64Array {
  const theta = new Float64Array(size + 1);
  theta[0] = 1;
  const m = new Float64Array(size + 1);
  const v = new Float64Array(size + 1);
  for (let step = 1; step <= iterations; step++) {
    const gradient = new Float64Array(size + 1);
    for (const sample of samples) accumulate(sample, theta, gradient);
    gradient[0] = (gradient[0] ?? 0) + l2 * ((theta[0] ?? 1) - 1);
    for (let k = 1; k <= size; k++) gradient[k] = (gradient[k] ?? 0) + l2 * (theta[k] ?? 0);
    for (let k = 0; k <= size; k++) {
      const g = gradient[k] ?? 0;
      m[k] = 0.9 * (m[k] ?? 0) + 0.1 * g;
      v[k] = 0.999 * (v[k] ?? 0) + 0.001 * g * g;
      const mHat = (m[k] ?? 0) / (1 - 0.9 ** step);
      const vHat = (v[k] ?? 0) / (1 - 0.999 ** step);
      theta[k] = (theta[k] ?? 0) - (learningRate * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  return theta;
}

/** Adds one question's gradient: for each expected fact, E_p[x] − E_{p | any of its rows}[x]. */
function accumulate(sample: Sample, theta: Float64Array, gradient: Float64Array): void {
  const n = sample.logScore.length;
  if (n === 0 || sample.expected.every((rows) => rows.length === 0)) return;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let value = (theta[0] ?? 1) * (sample.logScore[i] ?? 0);
    for (const [k, x] of sample.features[i] ?? []) value += (theta[k + 1] ?? 0) * x;
    z[i] = value;
  }
  const top = Math.max(...z);
  const p = z.map((value) => Math.exp(value - top));
  const total = p.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n; i++) p[i] = (p[i] ?? 0) / total;
  const add = (row: number, weight: number) => {
    gradient[0] = (gradient[0] ?? 0) + weight * (sample.logScore[row] ?? 0);
    for (const [k, x] of sample.features[row] ?? []) gradient[k + 1] = (gradient[k + 1] ?? 0) + weight * x;
  };
  for (const rows of sample.expected) {
    if (rows.length === 0) continue;
    const mass = rows.reduce((a, row) => a + (p[row] ?? 0), 0);
    for (let i = 0; i < n; i++) add(i, p[i] ?? 0);
    for (const row of rows) add(row, -(p[row] ?? 0) / mass);
  }
}

function tableOf(theta: Float64Array, names: Map<string, number>): LearnedTable {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const coefficients: Record<string, number> = {};
  for (const [name, k] of [...names.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const c = round(theta[k + 1] ?? 0);
    if (Math.abs(c) >= 0.01) coefficients[name] = c;
  }
  return { scoreExponent: round(theta[0] ?? 1), coefficients };
}

/** The table as a module in the repository's style (single quotes, one coefficient a line). */
function sourceOf(table: LearnedTable, fittedOn: string): string {
  const key = (name: string) => (/^[A-Za-z_]\w*$/.test(name) ? name : `'${name}'`);
  const lines = Object.entries(table.coefficients).map(([name, c]) => `    ${key(name)}: ${c},`);
  return [
    '// Written by `npm run bench:fit-ranker` (bench/fit-ranker.ts); do not edit by hand. See learned.ts.',
    `// Fitted on ${fittedOn}.`,
    "import type { LearnedTable } from './learned.js';",
    '',
    'export const learnedWeights: LearnedTable = {',
    `  scoreExponent: ${table.scoreExponent},`,
    '  coefficients: {',
    ...lines,
    '  },',
    '};',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const l2At = process.argv.indexOf('--l2');
  const l2 = l2At > 0 ? Number(process.argv[l2At + 1]) : 3;
  const { index, catalogue, ask } = await loadSeededIndex();
  const [training, dev] = [await loadEvalSet(evalFile), await loadEvalSet(devFile)];
  const before = { training: answeredSummary(await evaluate(ask, training)), dev: answeredSummary(await evaluate(ask, dev)) };
  const current = useLearnedTable(identityTable);
  const names = new Map<string, number>();
  const samples = collect(index, catalogue, training, names);
  const table = tableOf(fitTable(samples, names.size, l2), names);
  useLearnedTable(table);
  console.log(`answered @5/@8/@12 (l2 ${l2}, ${samples.length} training questions, ${names.size} features)`);
  console.log(`training before ${before.training}\ntraining after  ${answeredSummary(await evaluate(ask, training))}`);
  console.log(`dev      before ${before.dev}\ndev      after  ${answeredSummary(await evaluate(ask, dev))}`);
  const changed = JSON.stringify(table) !== JSON.stringify(current);
  if (process.argv.includes('--dry-run') || !changed) return;
  await writeFile('src/graph/retrieval/learned-weights.ts', sourceOf(table, `${samples.length} training questions, l2 ${l2}`));
  console.log('wrote src/graph/retrieval/learned-weights.ts');
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
