// One question from one fact, for each kind: multiple choice (wrong choices by the distractor rule), true/false
// (true, or with an object the distractor rule accepts) and fill-in-the-blank (every concept that truly fills it accepted).
import { must } from '../../must.js';
import type { RelationType } from '../catalogue.js';
import type { Relation } from '../model.js';
import { render } from '../sentences.js';
import { distractorRule, type EndCandidates, wrongChoicesAllowed } from './distractors.js';
import type { FactBase, QuizConcept } from './fact-base.js';
import { multipleChoicePrompt, renderWithBlank } from './phrasing.js';
import { distractorCandidates } from './plausibility.js';
import { shuffle } from './random.js';
import type { QuestionKind, QuizQuestion } from './reply.js';
import { quizTuning } from './tuning.js';

/** Wrong-choice candidates the loader read around one end of a fact: its kin and its neighbours. */
export type CandidatesOf = (id: string) => EndCandidates;

/** What building a question reads: the facts around it, the concepts by id, the candidates, and the quiz's random sequence. */
export interface QuestionContext {
  facts: FactBase;
  concepts: ReadonlyMap<string, QuizConcept>;
  candidates: CandidatesOf;
  /** One sequence for the whole quiz: the order of calls is part of what a seed repeats. */
  random: () => number;
}

/** A question and the key that keeps a second question from asking the same thing. */
export type BuiltQuestion = { question: QuizQuestion; key: string };

type QuestionBuilder = (context: QuestionContext, relation: Relation, type: RelationType) => BuiltQuestion | undefined;

const conceptOf = (context: QuestionContext, id: string) => must(context.concepts.get(id), `concept ${id}`);
const named = (context: QuestionContext, id: string) => ({ id, name: conceptOf(context, id).name });
const explanationOf = (relation: Relation) => ({ sentence: relation.sentence, relationId: relation.id, citations: relation.sources });

/** Up to `count` wrong choices that meet the distractor rule, the most tempting first (plausibility.ts). */
export function wrongChoices(context: QuestionContext, relation: Relation, slot: 's' | 'o', count: number): string[] {
  const answer = slot === 's' ? relation.subject.id : relation.object.id;
  const fixed = slot === 's' ? relation.object.id : relation.subject.id;
  const question = { fixed, type: relation.type, slot, answer };
  const chosen: string[] = [];
  if (!wrongChoicesAllowed(relation.type, slot)) return chosen;
  for (const id of distractorCandidates(context, context.candidates, question, context.random)) {
    if (chosen.length >= count) return chosen;
    if (distractorRule(context, question, id)) chosen.push(id);
  }
  return chosen;
}

const multipleChoice: QuestionBuilder = (context, relation, type) => {
  const drawn: 's' | 'o' = context.random() < 0.5 ? 's' : 'o';
  // A part of a whole is asked for the part ("Which of these is part of …?") when asking for the whole may not be.
  const slot = wrongChoicesAllowed(relation.type, drawn) ? drawn : drawn === 's' ? 'o' : 's';
  const answer = slot === 's' ? relation.subject : relation.object;
  const other = slot === 's' ? relation.object : relation.subject;
  const wrong = wrongChoices(context, relation, slot, quizTuning.wrongChoices);
  if (wrong.length < quizTuning.minWrongChoices) return undefined;
  return {
    key: `ask|${relation.type}|${slot}|${other.id}`,
    question: {
      id: `mc:${relation.id}:${slot}`,
      kind: 'multiple-choice',
      prompt: multipleChoicePrompt(type, slot, other.name),
      choices: shuffle([named(context, answer.id), ...wrong.map((id) => named(context, id))], context.random),
      answer: { conceptId: answer.id },
      explanation: explanationOf(relation),
    },
  };
};

const trueFalse: QuestionBuilder = (context, relation, type) => {
  if (relation.confidence < quizTuning.trueFalseConfidence) return undefined;
  const truthful = context.random() < 0.5;
  const objectId = truthful ? relation.object.id : wrongChoices(context, relation, 'o', 1)[0];
  if (!objectId) return undefined;
  const subject = conceptOf(context, relation.subject.id);
  const object = conceptOf(context, objectId);
  const statement = {
    en: render(type.forward.en, subject.name.en, object.name.en),
    ko: render(type.forward.ko, subject.name.ko, object.name.ko),
  };
  return {
    key: `claim|${relation.subject.id}|${relation.type}|${objectId}`,
    question: {
      id: `tf:${relation.id}:${truthful ? 'true' : objectId}`,
      kind: 'true-false',
      prompt: { en: `True or false: ${statement.en}.`, ko: `참일까요, 거짓일까요? ${statement.ko}.` },
      statement,
      claim: { subject: relation.subject.id, type: relation.type, object: objectId },
      answer: { value: truthful },
      explanation: explanationOf(relation),
    },
  };
};

const fillInTheBlank: QuestionBuilder = (context, relation, type) => {
  const answer = conceptOf(context, relation.object.id);
  // Every concept the blank could truly hold is accepted: "Container shares ____" has two answers.
  const others = context.facts
    .objectsOf(relation.subject.id, relation.type, context.concepts.keys())
    .filter((id) => id !== answer.id)
    .map((id) => conceptOf(context, id));
  return {
    key: `ask|${relation.type}|o|${relation.subject.id}`,
    question: {
      id: `fill:${relation.id}`,
      kind: 'fill-in-the-blank',
      prompt: {
        en: `Fill in the blank: ${renderWithBlank(type.forward.en, 'o', relation.subject.name.en, 'en')}.`,
        ko: `빈칸을 채우세요: ${renderWithBlank(type.forward.ko, 'o', relation.subject.name.ko, 'ko')}.`,
      },
      answer: {
        conceptId: answer.id,
        text: answer.name,
        accepted: {
          en: [answer, ...others].flatMap((c) => [c.name.en, ...c.aliases.en]),
          ko: [answer, ...others].flatMap((c) => [c.name.ko, ...c.aliases.ko]),
        },
        alsoCorrect: others.map((c) => c.id),
      },
      explanation: explanationOf(relation),
    },
  };
};

/** The builder of each kind; one returns undefined when its fact cannot make a fair question of that kind. */
export const questionBuilders: Record<QuestionKind, QuestionBuilder> = {
  'multiple-choice': multipleChoice,
  'true-false': trueFalse,
  'fill-in-the-blank': fillInTheBlank,
};
