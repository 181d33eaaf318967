// Fits retrieval's learned layer (src/graph/retrieval/learned.ts) on the TRAINING questions only, and writes
// src/graph/retrieval/learned-weights.ts. Each in-scope training question is answered with the learned layer
// switched off; every candidate fact is kept with its hand-structured score and features (fact-score.ts). The
// model is a softmax over each question's candidates: score' = score^a × exp(Σ c_k × x_k), fitted by Adam on
// the log-likelihood of the expected facts (for "any one of these", of any one), with an L2 penalty on a − 1
// and every c_k. The development set (never debugged) is printed before and after so the penalty can be chosen
// on questions nobody tuned on; the blind set is not read. Run after bench:fit-retrieval, which sets the
// hand-structured factors this layer adjusts.
//
// With --trees it then boosts regression trees over the fitted coefficients (tools/fit-trees/fit.py, LightGBM
// in a Python environment it makes once under ~/.cache/concept-graph) on the same candidates, and writes them
// to learned-trees.ts; without it the trees in use are kept as they are.
// Run: NEO4J_URI=bolt://127.0.0.1:7687 npm run bench:fit-ranker [-- --l2 3] [-- --trees] [-- --dry-run]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Catalogue } from '../src/graph/catalogue.js';
import type { RetrievalIndex } from '../src/graph/retrieval/graph-index.js';
import { answer, RetrieveRequest } from '../src/graph/retrieval/index.js';
import {
  type Features,
  handFeature,
  identityTable,
  type LearnedTable,
  type LearnedTrees,
  treesOutput,
  useLearnedTable,
} from '../src/graph/retrieval/learned.js';
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

/** The coefficients' part of the learned score for one candidate row: what the trees start from. */
function linearScore(table: LearnedTable, sample: Sample, row: number, nameAt: string[]): number {
  let sum = table.scoreExponent * (sample.logScore[row] ?? 0);
  for (const [k, value] of sample.features[row] ?? []) sum += (table.coefficients[nameAt[k] ?? ''] ?? 0) * value;
  return sum;
}

const python = join(homedir(), '.cache/concept-graph/lightgbm-4.7.0');

/** Boosts trees over the table's coefficients (tools/fit-trees/fit.py) and checks them against LightGBM's own output. */
async function fitTrees(samples: Sample[], names: Map<string, number>, table: LearnedTable): Promise<LearnedTrees> {
  const run = (command: string, args: string[]) => {
    const done = spawnSync(command, args, { stdio: 'inherit' });
    if (done.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${done.status}`);
  };
  if (!existsSync(join(python, 'bin/python'))) {
    run('python3', ['-m', 'venv', python]);
    run(join(python, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', 'tools/fit-trees/requirements.txt']);
  }
  const nameAt = [...names.entries()].sort((a, b) => a[1] - b[1]).map(([name]) => name);
  // Column 0 is the hand-structured score's logarithm; the named features follow in the fit's order.
  const features = [handFeature, ...nameAt];
  const questions = samples.map((sample) => {
    const expected = new Set(sample.expected.flat());
    return {
      rows: sample.features.map((row, i) => [[0, sample.logScore[i] ?? 0], ...row.map(([k, value]) => [k + 1, value])]),
      init: sample.features.map((_, i) => linearScore(table, sample, i, nameAt)),
      expected: sample.features.map((_, i) => expected.has(i)),
    };
  });
  const dir = await mkdtemp(join(tmpdir(), 'fit-trees-'));
  try {
    await writeFile(join(dir, 'candidates.json'), JSON.stringify({ features, questions }));
    run(join(python, 'bin/python'), ['tools/fit-trees/fit.py', join(dir, 'candidates.json'), join(dir, 'trees.json')]);
    const fitted = JSON.parse(await readFile(join(dir, 'trees.json'), 'utf8')) as LearnedTrees & {
      check: { rows: number[][]; output: number[] };
    };
    fitted.check.rows.forEach((row, i) => {
      const ours = treesOutput(fitted.trees, row);
      if (Math.abs(ours - (fitted.check.output[i] ?? 0)) > 1e-3) throw new Error(`trees disagree with LightGBM on row ${i}: ${ours}`);
    });
    return { features: fitted.features, trees: fitted.trees };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The trees as a module: one tree a line, so a refit's diff shows which trees changed. */
function treesSourceOf(trees: LearnedTrees, fittedOn: string): string {
  const list = (values: readonly number[]) => `[${values.join(', ')}]`;
  return [
    '// Written by `npm run bench:fit-ranker -- --trees` (bench/fit-ranker.ts, tools/fit-trees/fit.py); do not edit by hand.',
    `// See learned.ts. Boosted on ${fittedOn}.`,
    "import type { LearnedTrees } from './learned.js';",
    '',
    'export const learnedTrees: LearnedTrees = {',
    '  features: [',
    ...trees.features.map((name) => `    '${name}',`),
    '  ],',
    '  // biome-ignore format: one tree a line',
    '  trees: [',
    ...trees.trees.map(
      (t) =>
        `    { feature: ${list(t.feature)}, threshold: ${list(t.threshold)}, left: ${list(t.left)}, right: ${list(t.right)}, leaf: ${list(t.leaf)} },`,
    ),
    '  ],',
    '};',
    '',
  ].join('\n');
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
    `// Fitted on ${fittedOn}; the trees over these coefficients are in learned-trees.ts.`,
    "import type { LearnedTable } from './learned.js';",
    "import { learnedTrees } from './learned-trees.js';",
    '',
    'export const learnedWeights: LearnedTable = {',
    `  scoreExponent: ${table.scoreExponent},`,
    '  coefficients: {',
    ...lines,
    '  },',
    '  trees: learnedTrees,',
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
  const linear = tableOf(fitTable(samples, names.size, l2), names);
  const boosting = process.argv.includes('--trees');
  const trees = boosting ? await fitTrees(samples, names, linear) : current.trees;
  const table: LearnedTable = trees ? { ...linear, trees } : linear;
  useLearnedTable(table);
  console.log(`answered @5/@8/@12 (l2 ${l2}, ${samples.length} training questions, ${names.size} features)`);
  console.log(`training before ${before.training}\ntraining after  ${answeredSummary(await evaluate(ask, training))}`);
  console.log(`dev      before ${before.dev}\ndev      after  ${answeredSummary(await evaluate(ask, dev))}`);
  if (process.argv.includes('--dry-run')) return;
  const fittedOn = `${samples.length} training questions, l2 ${l2}`;
  await writeFile('src/graph/retrieval/learned-weights.ts', sourceOf(linear, fittedOn));
  console.log('wrote src/graph/retrieval/learned-weights.ts');
  if (boosting && trees) {
    await writeFile('src/graph/retrieval/learned-trees.ts', treesSourceOf(trees, `${samples.length} training questions`));
    console.log('wrote src/graph/retrieval/learned-trees.ts');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
