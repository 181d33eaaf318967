// Marks a learner's answer against a quiz question from GET /v1/quiz. Pure: no DOM.
import type { QuizQuestion } from './api-types.js';

/** What the learner gave: a chosen concept id, true/false, or typed text. */
export type QuizResponse = { conceptId: string } | { value: boolean } | { text: string };

/** Case, spacing, punctuation and a Korean particle in brackets do not make a typed answer wrong. */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/\((?:은|는|이|가|을|를|와|과)\)/g, '')
    .replace(/[\s\-_.,·'"“”‘’()]+/g, '');
}

export function isCorrect(question: QuizQuestion, response: QuizResponse): boolean {
  switch (question.kind) {
    case 'multiple-choice':
      return 'conceptId' in response && response.conceptId === question.answer.conceptId;
    case 'true-false':
      return 'value' in response && response.value === question.answer.value;
    case 'fill-in-the-blank': {
      if (!('text' in response)) return false;
      const given = normalizeAnswer(response.text);
      if (!given) return false;
      const accepted = [...question.answer.accepted.en, ...question.answer.accepted.ko, ...Object.values(question.answer.text ?? {})];
      return accepted.some((answer) => normalizeAnswer(answer) === given);
    }
  }
}
