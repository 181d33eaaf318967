// Draws a sample of quiz questions for a blind reviewer: concepts picked from the seed number, the first
// multiple-choice question of each concept's quiz (question, choices, keyed answer), then up to 20 statements
// the quiz keys false. The file holds nothing else (no ids, no relation types): a reviewer judges each wrong
// choice and each false statement as a learner would meet it. Counts per relation type go to stdout only.
// Run: NEO4J_URI=bolt://127.0.0.1:7687 npm run bench:quiz-sample -- --seed 7 --count 45 --out /tmp/sample.md
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { randomFrom, shuffle } from '../src/graph/quiz/random.js';
import type { QuizQuestion } from '../src/graph/quiz-rules.js';

/** False statements asked for beside the multiple-choice questions. */
const falseStatements = 20;
/** Questions per quiz asked for: the route's default size of a lesson. */
const quizSize = 10;

type Drawn = { multipleChoice: string[]; falseClaims: string[]; byType: Map<string, number>; falseByType: Map<string, number> };

function options() {
  const { values } = parseArgs({
    options: { seed: { type: 'string' }, count: { type: 'string', default: '45' }, out: { type: 'string' } },
  });
  const seed = Number(values.seed);
  const count = Number(values.count);
  if (!Number.isInteger(seed) || seed < 0) throw new Error('--seed must be a whole number (a seed not used for tuning)');
  if (!Number.isInteger(count) || count < 1) throw new Error('--count must be a positive whole number');
  if (!values.out) throw new Error('--out names the file the sample is written to');
  return { seed, count, out: values.out };
}

/** The relation type of the fact behind a question (relation ids are subject:TYPE:object). */
const typeOf = (question: QuizQuestion) => question.explanation.relationId.split(':')[1] ?? '?';
const tally = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/** One multiple-choice question as the reviewer reads it: the prompt, the choices in the quiz's order, the key. */
function multipleChoiceEntry(question: Extract<QuizQuestion, { kind: 'multiple-choice' }>, number: number): string {
  const answer = question.choices.find((choice) => choice.id === question.answer.conceptId);
  return [
    `${number}. ${question.prompt.en}`,
    `   choices: ${question.choices.map((choice) => choice.name.en).join(' | ')}`,
    `   keyed answer: ${answer?.name.en ?? '?'}`,
  ].join('\n');
}

async function draw(ask: (url: string) => Promise<QuizQuestion[]>, concepts: string[], seed: number, count: number): Promise<Drawn> {
  const drawn: Drawn = { multipleChoice: [], falseClaims: [], byType: new Map(), falseByType: new Map() };
  const seenClaims = new Set<string>();
  for (const concept of shuffle(concepts, randomFrom(`quiz-sample:${seed}`))) {
    if (drawn.multipleChoice.length >= count && drawn.falseClaims.length >= falseStatements) break;
    const questions = await ask(`/v1/quiz?concept=${encodeURIComponent(concept)}&count=${quizSize}&seed=${seed}`);
    const first = questions.find((q) => q.kind === 'multiple-choice');
    if (first?.kind === 'multiple-choice' && drawn.multipleChoice.length < count) {
      drawn.multipleChoice.push(multipleChoiceEntry(first, drawn.multipleChoice.length + 1));
      tally(drawn.byType, typeOf(first));
    }
    for (const question of questions) {
      if (question.kind !== 'true-false' || question.answer.value || drawn.falseClaims.length >= falseStatements) continue;
      // Two quizzes can state the same false claim; the reviewer judges it once.
      if (seenClaims.has(question.statement.en)) continue;
      seenClaims.add(question.statement.en);
      drawn.falseClaims.push(`${drawn.falseClaims.length + 1}. ${question.statement.en}.`);
      tally(drawn.falseByType, typeOf(question));
    }
  }
  return drawn;
}

const listed = (counts: Map<string, number>) =>
  [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([type, n]) => `  ${type} ${n}`)
    .join('\n');

async function main(): Promise<void> {
  const { seed, count, out } = options();
  const config = loadConfig();
  if (!config.neo4j.uri) throw new Error('Set NEO4J_URI to a seeded graph (e.g. the one `npm start` runs).');
  // Load shedding and rate limits are for clients; a sample of a hundred quizzes in a row is not one.
  const limits = { ...config.limits, maxEventLoopDelayMs: 0, lookupMax: 1_000_000, heavyMax: 1_000_000 };
  const app = await buildApp({ ...config, limits, seed: { ...config.seed, onStart: 'never' }, logLevel: 'silent' }, { logger: false });
  try {
    const rows = await app.graphDb.read('MATCH (c:Concept) RETURN c.id AS id ORDER BY id');
    const ask = async (url: string) => {
      const reply = await app.inject({ method: 'GET', url });
      if (reply.statusCode !== 200) throw new Error(`GET ${url} answered ${reply.statusCode} (${reply.json().code ?? 'no code'})`);
      return reply.json().questions as QuizQuestion[];
    };
    const drawn = await draw(
      ask,
      rows.map((row) => String(row.id)),
      seed,
      count,
    );
    const text = [
      '# Quiz sample',
      '',
      '## Multiple choice',
      '',
      drawn.multipleChoice.join('\n\n'),
      '',
      '## Statements the quiz keys false',
      '',
      drawn.falseClaims.join('\n'),
      '',
    ].join('\n');
    await writeFile(out, text);
    console.log(`${out}: ${drawn.multipleChoice.length} multiple-choice questions, ${drawn.falseClaims.length} false statements`);
    console.log(`multiple choice by relation type:\n${listed(drawn.byType)}`);
    console.log(`false statements by relation type:\n${listed(drawn.falseByType)}`);
  } finally {
    await app.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
