// Quiz mode: questions generated from the graph's relations; each answer is marked right or wrong and shows
// the fact behind it with its citation. The seed is in the URL, so a link gives the same questions again.

import { getJson } from '../api.js';
import type { Quiz, QuizQuestion } from '../api-types.js';
import { conceptPicker } from '../concept-picker.js';
import type { ViewContext } from '../context.js';
import { h, uid } from '../dom.js';
import { type Lang, pick, t } from '../i18n.js';
import { isCorrect, type QuizResponse } from '../quiz-check.js';
import type { Route } from '../routes.js';
import { citationList, conceptLink, loadingLine } from './common.js';
import { problemBox } from './problem.js';

type QuizRoute = Extract<Route, { view: 'quiz' }>;

/** Questions per quiz. */
export const quizLength = 5;

function newSeed(): string {
  return Math.random().toString(36).slice(2, 10);
}

export async function quizView(ctx: ViewContext, route: QuizRoute, main: HTMLElement): Promise<void> {
  const { lang } = ctx;
  ctx.setTitle(t(lang, 'quizTitle'));
  const topic = conceptPicker(ctx, { label: t(lang, 'quizConcept'), name: 'concept' });
  const results = h('div', { class: 'quiz-results' });
  const form = h(
    'form',
    { class: 'single-form', 'aria-label': t(lang, 'quizTitle') },
    topic.element,
    h('button', { type: 'submit' }, t(lang, 'startQuiz')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = await topic.resolve();
    ctx.navigate({ view: 'quiz', ...(chosen ? { concept: chosen.id } : {}), seed: newSeed() });
  });
  main.replaceChildren(h('h1', { tabindex: '-1' }, t(lang, 'quizTitle')), h('p', { class: 'intro' }, t(lang, 'quizIntro')), form, results);
  if (!route.concept && !route.seed) return;
  if (route.concept) topic.set({ id: route.concept, name: { en: route.concept, ko: route.concept } });

  results.replaceChildren(loadingLine(t(lang, 'loading')));
  try {
    const quiz = await getJson<Quiz>('quiz', { concept: route.concept, count: quizLength, seed: route.seed }, ctx.signal);
    if (quiz.concept) topic.set(quiz.concept);
    // Without a seed the API chose one: put it in the address so this exact quiz can be shared or reloaded.
    if (!route.seed) ctx.replaceUrl({ ...route, seed: quiz.seed });
    const score = h('p', { class: 'score', role: 'status' });
    let answered = 0;
    let right = 0;
    const onAnswer = (correct: boolean) => {
      answered += 1;
      if (correct) right += 1;
      score.textContent = t(lang, 'score', { right, total: answered });
    };
    const shortfall =
      quiz.available !== undefined && quiz.requested !== undefined && quiz.available < quiz.requested && quiz.questions.length > 0
        ? h('p', { class: 'note' }, t(lang, 'fewerQuestions', { n: quiz.questions.length, requested: quiz.requested }))
        : '';
    results.replaceChildren(
      shortfall,
      quiz.questions.length === 0
        ? h('p', {}, t(lang, 'noQuestions'))
        : h(
            'ol',
            { class: 'questions' },
            quiz.questions.map((question, index) => h('li', {}, questionCard(lang, question, index, onAnswer))),
          ),
      score,
      h(
        'p',
        {},
        h(
          'button',
          {
            type: 'button',
            onclick: () => ctx.navigate({ view: 'quiz', ...(route.concept ? { concept: route.concept } : {}), seed: newSeed() }),
          },
          t(lang, 'newQuiz'),
        ),
      ),
    );
  } catch (error) {
    if (ctx.signal.aborted) return;
    results.replaceChildren(problemBox(lang, error));
  }
}

function questionCard(lang: Lang, question: QuizQuestion, index: number, onAnswer: (correct: boolean) => void): HTMLElement {
  const headingId = uid('question');
  const promptId = uid('prompt');
  const feedback = h('div', { class: 'feedback', role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'question', 'data-question-id': question.id, 'data-kind': question.kind, 'aria-labelledby': `${headingId} ${promptId}` },
    h('h2', { id: headingId, class: 'question-number' }, t(lang, 'question', { n: index + 1 })),
    h('p', { id: promptId, class: 'prompt' }, pick(lang, question.prompt)),
  );
  let read: () => QuizResponse | undefined;
  let answerText: string;

  switch (question.kind) {
    case 'multiple-choice': {
      form.append(
        h(
          'fieldset',
          { class: 'choices' },
          h('legend', { class: 'visually-hidden' }, t(lang, 'yourAnswer')),
          question.choices.map((choice) =>
            h('label', {}, h('input', { type: 'radio', name: 'answer', value: choice.id }), ' ', pick(lang, choice.name)),
          ),
        ),
      );
      read = () => {
        const checked = form.querySelector<HTMLInputElement>('input[name="answer"]:checked');
        return checked ? { conceptId: checked.value } : undefined;
      };
      const answer = question.choices.find((choice) => choice.id === question.answer.conceptId);
      answerText = answer ? pick(lang, answer.name) : question.answer.conceptId;
      break;
    }
    case 'true-false': {
      if (question.statement) form.append(h('p', { class: 'statement' }, pick(lang, question.statement)));
      form.append(
        h(
          'fieldset',
          { class: 'choices' },
          h('legend', { class: 'visually-hidden' }, t(lang, 'yourAnswer')),
          h('label', {}, h('input', { type: 'radio', name: 'answer', value: 'true' }), ' ', t(lang, 'true')),
          h('label', {}, h('input', { type: 'radio', name: 'answer', value: 'false' }), ' ', t(lang, 'false')),
        ),
      );
      read = () => {
        const checked = form.querySelector<HTMLInputElement>('input[name="answer"]:checked');
        return checked ? { value: checked.value === 'true' } : undefined;
      };
      answerText = t(lang, question.answer.value ? 'true' : 'false');
      break;
    }
    case 'fill-in-the-blank': {
      const inputId = uid('blank');
      form.append(
        h(
          'p',
          { class: 'blank' },
          h('label', { for: inputId }, t(lang, 'yourAnswer')),
          ' ',
          h('input', { id: inputId, name: 'answer', type: 'text', autocomplete: 'off' }),
        ),
      );
      read = () => {
        const value = form.querySelector<HTMLInputElement>('input[name="answer"]')?.value.trim() ?? '';
        return value ? { text: value } : undefined;
      };
      answerText = pick(lang, question.answer.text) || question.answer.accepted[lang][0] || question.answer.conceptId;
      break;
    }
    default:
      // A question kind this page does not know yet: shown, not answerable.
      return h('p', { class: 'prompt' }, pick(lang, (question as { prompt?: { en: string; ko: string } }).prompt));
  }

  const button = h('button', { type: 'submit' }, t(lang, 'checkAnswer'));
  form.append(button, feedback);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const response = read();
    if (!response) {
      feedback.replaceChildren(h('p', {}, t(lang, 'chooseFirst')));
      return;
    }
    const correct = isCorrect(question, response);
    form.dataset.result = correct ? 'right' : 'wrong';
    for (const control of form.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button')) control.disabled = true;
    feedback.replaceChildren(
      h(
        'p',
        { class: `verdict ${correct ? 'right' : 'wrong'}` },
        t(lang, correct ? 'right' : 'wrong'),
        correct ? '' : ` ${t(lang, 'answerWas', { answer: answerText })}`,
      ),
      h('p', { class: 'fact' }, pick(lang, question.explanation.sentence)),
      citationList(lang, question.explanation.citations, 'citations') ?? '',
      'conceptId' in question.answer
        ? h('p', {}, conceptLink(lang, { id: question.answer.conceptId, name: { en: answerText, ko: answerText } }))
        : '',
    );
    onAnswer(correct);
  });
  return form;
}
