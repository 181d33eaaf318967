// The rules of a fair quiz, over plain facts: one question per fact at most, never two with the same prompt,
// kinds taken in turn. The parts live in quiz/: the reply shapes (reply.ts), the fact base that judges wrong
// choices (fact-base.ts), the distractor rule (distractors.ts), the seeded randomness (random.ts), the phrasing (phrasing.ts) and one builder per
// question kind (questions.ts). No database here; quiz.ts loads the neighbourhood these rules need.
import { must } from '../must.js';
import type { Catalogue } from './catalogue.js';
import type { Relation } from './model.js';
import type { FactBase, QuizConcept } from './quiz/fact-base.js';
import { type BuiltQuestion, type CandidatesOf, type QuestionContext, questionBuilders } from './quiz/questions.js';
import { randomFrom, shuffle } from './quiz/random.js';
import { type QuizQuestion, questionKinds } from './quiz/reply.js';

// The names the rest of the code knows the rules by: the routes' reply schema, the benches' seeded randomness.
export { randomFrom } from './quiz/random.js';
export { Quiz, QuizQuestion } from './quiz/reply.js';

export type QuizInput = {
  catalogue: Catalogue;
  /** The facts to ask about, with their sentences and citations. */
  pool: Relation[];
  /** What the graph says around them: enough to judge every candidate below. */
  facts: FactBase;
  concepts: ReadonlyMap<string, QuizConcept>;
  /** Wrong-choice candidates read around each end of a fact: its kin and its neighbours (see quiz/distractors.ts). */
  candidates: CandidatesOf;
  count: number;
  seed: string;
};

export type BuiltQuiz = { questions: QuizQuestion[]; available: number };

/**
 * One question per fact at most, never two with the same prompt; kinds taken in turn. Every fact that can
 * be asked is built, so `available` says how many the quiz could have had. One question attempt per step
 * (each judges up to a few dozen wrong-choice candidates): at 10k concepts the whole takes several
 * milliseconds, which a request runs in slices (`runInSlices`).
 */
export function* buildQuizSteps(input: QuizInput): Generator<void, BuiltQuiz> {
  const { catalogue, concepts } = input;
  const context: QuestionContext = { facts: input.facts, concepts, candidates: input.candidates, random: randomFrom(input.seed) };

  // Kinds in turn; each question from a fact not used before, never repeating a prompt.
  const questions: QuizQuestion[] = [];
  const usedKeys = new Set<string>();
  const queue = shuffle(
    input.pool.filter((r) => concepts.has(r.subject.id) && concepts.has(r.object.id)),
    context.random,
  );
  const kindOrder = shuffle(questionKinds, context.random);
  let cursor = 0;
  while (queue.length > 0 && kindOrder.length > 0) {
    const kind = must(kindOrder[cursor++ % kindOrder.length], 'question kind');
    let built: BuiltQuestion | undefined;
    const index = queue.findIndex((relation) => {
      built = questionBuilders[kind](context, relation, must(catalogue.relationType(relation.type), 'relation type'));
      // Two facts can read alike ("Which of these is part of X?"): the prompt itself is a key too.
      return built !== undefined && !usedKeys.has(built.key) && !usedKeys.has(`prompt|${built.question.prompt.en}`);
    });
    if (index === -1 || !built) {
      kindOrder.splice(kindOrder.indexOf(kind), 1);
      yield;
      continue;
    }
    queue.splice(index, 1);
    usedKeys.add(built.key).add(`prompt|${built.question.prompt.en}`);
    questions.push(built.question);
    yield;
  }
  return { questions: questions.slice(0, input.count), available: questions.length };
}
