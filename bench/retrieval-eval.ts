// Measures retrieval quality on test/fixtures/retrieval-eval.yaml through POST /v1/retrieve:
// recall@1/3/5 per language (the answering concept among the subjects/objects of the top k facts) and,
// for out-of-scope questions, how often the reply has no facts. Prints figures; asserts nothing.
// Run: NEO4J_URI=bolt://127.0.0.1:7687 npm run bench:retrieval [-- --verbose]   (a seeded graph, e.g. the one `npm start` runs)
import { readFile } from 'node:fs/promises';
import YAML from 'yaml';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

export interface EvalQuestion {
  q: string;
  lang: 'en' | 'ko';
  answer: string | null;
  accept?: string[];
}

export interface EvalFigures {
  perLanguage: Record<'en' | 'ko', { questions: number; recall: Record<1 | 3 | 5, number>; lenientRecall: Record<1 | 3 | 5, number> }>;
  outOfScope: { questions: number; empty: number };
  misses: { q: string; answer: string; top: string[] }[];
}

export async function loadEvalSet(): Promise<EvalQuestion[]> {
  return (YAML.parse(await readFile('test/fixtures/retrieval-eval.yaml', 'utf8')) as { questions: EvalQuestion[] }).questions;
}

type Inject = (body: object) => Promise<{ facts: { subject: { id: string }; object: { id: string } }[] }>;

/** Rank (1-based) of the first fact touching one of the ids, or Infinity. */
function rankOf(facts: { subject: { id: string }; object: { id: string } }[], ids: string[]): number {
  const index = facts.findIndex((fact) => ids.includes(fact.subject.id) || ids.includes(fact.object.id));
  return index === -1 ? Infinity : index + 1;
}

export async function evaluate(inject: Inject, questions: EvalQuestion[], hops: 1 | 2 = 1): Promise<EvalFigures> {
  const figures: EvalFigures = {
    perLanguage: {
      en: { questions: 0, recall: { 1: 0, 3: 0, 5: 0 }, lenientRecall: { 1: 0, 3: 0, 5: 0 } },
      ko: { questions: 0, recall: { 1: 0, 3: 0, 5: 0 }, lenientRecall: { 1: 0, 3: 0, 5: 0 } },
    },
    outOfScope: { questions: 0, empty: 0 },
    misses: [],
  };
  for (const question of questions) {
    const reply = await inject({ query: question.q, maxFacts: 12, hops });
    if (question.answer === null) {
      figures.outOfScope.questions++;
      if (reply.facts.length === 0) figures.outOfScope.empty++;
      continue;
    }
    const stats = figures.perLanguage[question.lang];
    stats.questions++;
    const strict = rankOf(reply.facts, [question.answer]);
    const lenient = rankOf(reply.facts, [question.answer, ...(question.accept ?? [])]);
    for (const k of [1, 3, 5] as const) {
      if (strict <= k) stats.recall[k]++;
      if (lenient <= k) stats.lenientRecall[k]++;
    }
    if (strict > 5)
      figures.misses.push({
        q: question.q,
        answer: question.answer,
        top: reply.facts.slice(0, 5).map((f) => `${f.subject.id}→${f.object.id}`),
      });
  }
  for (const stats of Object.values(figures.perLanguage)) {
    for (const k of [1, 3, 5] as const) {
      stats.recall[k] = stats.recall[k] / stats.questions;
      stats.lenientRecall[k] = stats.lenientRecall[k] / stats.questions;
    }
  }
  return figures;
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.neo4j.uri) throw new Error('Set NEO4J_URI to a seeded graph (e.g. the one `npm start` runs).');
  const app = await buildApp({ ...config, seed: { ...config.seed, onStart: 'never' } }, { logger: false });
  const inject: Inject = async (body) => (await app.inject({ method: 'POST', url: '/v1/retrieve', payload: body })).json();
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  for (const hops of [1, 2] as const) {
    const started = performance.now();
    const questions = await loadEvalSet();
    const figures = await evaluate(inject, questions, hops);
    console.log(`hops=${hops} (${questions.length} questions in ${Math.round(performance.now() - started)} ms)`);
    for (const [language, stats] of Object.entries(figures.perLanguage)) {
      console.log(
        `  ${language}: ${stats.questions} questions  recall@1 ${pct(stats.recall[1])}  @3 ${pct(stats.recall[3])}  @5 ${pct(stats.recall[5])}   (answer or accepted: @1 ${pct(stats.lenientRecall[1])} @3 ${pct(stats.lenientRecall[3])} @5 ${pct(stats.lenientRecall[5])})`,
      );
    }
    console.log(`  out of scope: ${figures.outOfScope.empty}/${figures.outOfScope.questions} replies with no facts`);
    if (process.argv.includes('--verbose'))
      for (const miss of figures.misses) console.log(`  miss: ${miss.q}  (answer ${miss.answer}; top ${miss.top.join(', ') || 'none'})`);
  }
  await app.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
