// Measures retrieval quality through POST /v1/retrieve on the training set (test/fixtures/retrieval-eval.yaml),
// the scope set (retrieval-scope.yaml), the development set (retrieval-dev.yaml) and the blind set (retrieval-blind.yaml), beside a plain BM25 ranker over the same facts (bm25.ts). Per kind
// and language: the share of questions whose expected facts are all in the top 5, 8 and 12 ("answered"), and
// fact recall at 5 and 8; for out-of-scope questions, how many replies have no facts; and how many replies to
// questions that do not ask about learning order carry a REQUIRES fact. Prints figures; asserts nothing.
// Run: NEO4J_URI=bolt://127.0.0.1:7687 npm run bench:retrieval [-- --verbose] [-- --file other.yaml]
import { readFile } from 'node:fs/promises';
import YAML from 'yaml';
import { z } from 'zod';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Catalogue } from '../src/graph/catalogue.js';
import type { RetrievalIndex } from '../src/graph/retrieval/graph-index.js';
import { answer, RetrieveRequest } from '../src/graph/retrieval/index.js';
import { loadRetrievalIndex } from '../src/graph/retrieval/loader.js';
import { bm25Ask } from './bm25.js';

const FactExpectation = z.union([z.string(), z.array(z.string()).min(1)]);
const EvalQuestion = z.strictObject({
  q: z.string().min(1),
  lang: z.enum(['en', 'ko']),
  // Aspect, exclusion and background questions came with the blind set; the training set has its own since issue 24.
  kind: z.enum(['single', 'multi', 'paraphrase', 'comparison', 'why', 'learning', 'out-of-scope', 'aspect', 'exclusion', 'background']),
  /** Each item is a fact id, or a list of ids any one of which will do. */
  facts: z.array(FactExpectation),
});
export type EvalQuestion = z.infer<typeof EvalQuestion>;
type Kind = EvalQuestion['kind'];

export const evalFile = 'test/fixtures/retrieval-eval.yaml';
/** Written blind (without the ranker, the training set or any ranking output); never tune on it. */
export const blindFile = 'test/fixtures/retrieval-blind.yaml';
/** Written blind too: its totals choose between changes, its misses are never read. */
export const devFile = 'test/fixtures/retrieval-dev.yaml';
/** Hard out-of-scope questions, order words outside learning order, everyday framings: written blind, read since. */
export const scopeFile = 'test/fixtures/retrieval-scope.yaml';

export async function loadEvalSet(file = evalFile): Promise<EvalQuestion[]> {
  const parsed = z.object({ questions: z.array(EvalQuestion) }).parse(YAML.parse(await readFile(file, 'utf8')));
  return parsed.questions;
}

export interface Tally {
  questions: number;
  /** Questions whose expected facts are all in the top 5. */
  answered5: number;
  /** …in the top 8. */
  answered: number;
  /** The same at the default maxFacts, 12. */
  answered12: number;
  /** Mean over questions of the share of expected facts in the top k. */
  recall5: number;
  recall8: number;
}

export interface EvalFigures {
  /** key: `${lang}/${kind}` and `${lang}/all` (in-scope kinds only). */
  tallies: Map<string, Tally>;
  outOfScope: Record<'en' | 'ko', { questions: number; silent: number }>;
  /** Replies to questions that do not ask about learning order and still carry a REQUIRES fact. */
  learningOrderLeaks: number;
  misses: { q: string; kind: Kind; missing: string[]; top: string[] }[];
}

type Reply = { facts: { id: string; type: string }[] };
export type Ask = (body: { query: string; maxFacts: number }) => Promise<Reply>;

function found(expectation: z.infer<typeof FactExpectation>, ids: string[]): boolean {
  return (typeof expectation === 'string' ? [expectation] : expectation).some((id) => ids.includes(id));
}

/** One line per run: answered @5/@8/@12, in per cent, per language ("en 71/83/90  ko 73/83/89"). */
export function answeredSummary(figures: EvalFigures): string {
  return (['en', 'ko'] as const)
    .map((lang) => {
      const t = figures.tallies.get(`${lang}/all`);
      if (!t) return `${lang} -`;
      const p = (x: number) => `${Math.round((x / t.questions) * 100)}`;
      return `${lang} ${p(t.answered5)}/${p(t.answered)}/${p(t.answered12)}`;
    })
    .join('  ');
}

/**
 * The retrieval index of the graph at NEO4J_URI, read once, and an Ask that answers from it in-process (no
 * HTTP): what the fits call thousands of times. The app is closed again; the index needs nothing of it.
 */
export async function loadSeededIndex(): Promise<{ index: RetrievalIndex; catalogue: Catalogue; ask: Ask }> {
  const config = loadConfig();
  if (!config.neo4j.uri) throw new Error('Set NEO4J_URI to a seeded graph (e.g. the one `npm start` runs).');
  const app = await buildApp({ ...config, seed: { ...config.seed, onStart: 'never' }, logLevel: 'silent' }, { logger: false });
  const catalogue = await app.catalogue.get();
  const index = await loadRetrievalIndex(app.graphDb, catalogue);
  await app.close();
  return { index, catalogue, ask: async (body) => answer(index, catalogue, RetrieveRequest.parse(body)) };
}

export async function evaluate(ask: Ask, questions: EvalQuestion[]): Promise<EvalFigures> {
  const figures: EvalFigures = {
    tallies: new Map(),
    outOfScope: { en: { questions: 0, silent: 0 }, ko: { questions: 0, silent: 0 } },
    learningOrderLeaks: 0,
    misses: [],
  };
  const tally = (key: string): Tally => {
    let t = figures.tallies.get(key);
    if (!t) {
      t = { questions: 0, answered5: 0, answered: 0, answered12: 0, recall5: 0, recall8: 0 };
      figures.tallies.set(key, t);
    }
    return t;
  };
  for (const question of questions) {
    const reply = await ask({ query: question.q, maxFacts: 8 });
    if (question.kind !== 'learning' && reply.facts.some((fact) => fact.type === 'REQUIRES')) figures.learningOrderLeaks++;
    if (question.kind === 'out-of-scope') {
      figures.outOfScope[question.lang].questions++;
      if (reply.facts.length === 0) figures.outOfScope[question.lang].silent++;
      else figures.misses.push({ q: question.q, kind: question.kind, missing: [], top: reply.facts.map((f) => f.id) });
      continue;
    }
    const ids = reply.facts.map((fact) => fact.id);
    const ids12 = (await ask({ query: question.q, maxFacts: 12 })).facts.map((fact) => fact.id);
    const all12 = question.facts.every((e) => found(e, ids12));
    const at5 = question.facts.filter((e) => found(e, ids.slice(0, 5))).length / question.facts.length;
    const at8 = question.facts.filter((e) => found(e, ids.slice(0, 8))).length / question.facts.length;
    for (const key of [`${question.lang}/${question.kind}`, `${question.lang}/all`]) {
      const t = tally(key);
      t.questions++;
      t.recall5 += at5;
      t.recall8 += at8;
      if (at5 === 1) t.answered5++;
      if (at8 === 1) t.answered++;
      if (all12) t.answered12++;
    }
    if (at8 < 1) {
      figures.misses.push({
        q: question.q,
        kind: question.kind,
        missing: question.facts.filter((e) => !found(e, ids)).map((e) => (typeof e === 'string' ? e : e.join('|'))),
        top: ids,
      });
    }
  }
  for (const t of figures.tallies.values()) {
    t.recall5 /= t.questions;
    t.recall8 /= t.questions;
  }
  return figures;
}

const pct = (part: number, whole: number) => `${Math.round((part / (whole || 1)) * 100)}%`.padStart(5);

/** One table per set: the API's figures, and the BM25 floor's answered figures beside them when given. */
export function report(figures: EvalFigures, baseline?: EvalFigures, verbose = false): string {
  const floor = baseline ? '   BM25 @5    @8   @12' : '';
  const lines = [`lang  kind          n    API @5    @8   @12  recall@5 recall@8${floor}`];
  for (const [key, t] of [...figures.tallies.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [lang, kind] = key.split('/');
    const b = baseline?.tallies.get(key);
    const answered = (x: Tally) => `${pct(x.answered5, x.questions)} ${pct(x.answered, x.questions)} ${pct(x.answered12, x.questions)}`;
    lines.push(
      `${lang?.padEnd(5)} ${kind?.padEnd(12)} ${String(t.questions).padStart(3)}   ${answered(t)}     ${pct(t.recall5, 1)}    ${pct(t.recall8, 1)}${b ? `     ${answered(b)}` : ''}`,
    );
  }
  for (const lang of ['en', 'ko'] as const) {
    const o = figures.outOfScope[lang];
    const b = baseline?.outOfScope[lang];
    lines.push(`${lang}: out of scope ${o.silent}/${o.questions} replies with no facts${b ? ` (BM25 ${b.silent}/${b.questions})` : ''}`);
  }
  lines.push(`replies carrying a REQUIRES fact to a question not about learning order: ${figures.learningOrderLeaks}`);
  if (verbose) {
    for (const miss of figures.misses) {
      lines.push(
        `  miss [${miss.kind}] ${miss.q}\n      missing ${miss.missing.join(', ') || '-'}\n      got ${miss.top.join(', ') || 'none'}`,
      );
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.neo4j.uri) throw new Error('Set NEO4J_URI to a seeded graph (e.g. the one `npm start` runs).');
  const fileIndex = process.argv.indexOf('--file');
  // Every set by default, side by side: those the ranker was tuned on (training, scope), development, and blind.
  const files = fileIndex > 0 ? [process.argv[fileIndex + 1] ?? evalFile] : [evalFile, scopeFile, devFile, blindFile];
  // Load shedding and rate limits are for clients; a benchmark asking 157 questions in a row is not one.
  const limits = { ...config.limits, maxEventLoopDelayMs: 0, lookupMax: 1_000_000, heavyMax: 1_000_000 };
  const app = await buildApp({ ...config, limits, seed: { ...config.seed, onStart: 'never' }, logLevel: 'silent' }, { logger: false });
  const ask: Ask = async (body) => {
    const reply = await app.inject({ method: 'POST', url: '/v1/retrieve', payload: body });
    // The status and problem code only: the body of a blind question's reply is not for reading.
    if (reply.statusCode !== 200) throw new Error(`POST /v1/retrieve answered ${reply.statusCode} (${reply.json().code ?? 'no code'})`);
    return reply.json();
  };
  const catalogue = await app.catalogue.get();
  const bm25 = bm25Ask(await loadRetrievalIndex(app.graphDb, catalogue), catalogue);
  for (const file of files) {
    const questions = await loadEvalSet(file);
    const started = performance.now();
    const figures = await evaluate(ask, questions);
    console.log(`\n${file}: ${questions.length} questions in ${Math.round(performance.now() - started)} ms`);
    // Never print the blind or development set's misses: reading them is how a blind set stops being blind.
    const readable = file !== blindFile && file !== devFile;
    console.log(report(figures, await evaluate(bm25, questions), process.argv.includes('--verbose') && readable));
  }
  await app.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
