// Learning-order intent on questions written by people who saw no code (test/fixtures/learning-intent.yaml):
// a question that does not ask what to learn must never be read as one, since its reply would then hold only
// REQUIRES facts; most questions asking what to learn are read as such. No database.
import { describe, expect, it } from 'vitest';
import { loadEvalSet } from '../../../bench/retrieval-eval.js';
import { readQuestion } from '../../../src/graph/retrieval/question.js';

const questions = await loadEvalSet('test/fixtures/learning-intent.yaml');

describe('learning-order intent on labelled questions', () => {
  for (const lang of ['en', 'ko'] as const) {
    it(`${lang}: reads no other question as one asking what to learn, and most of those that do`, () => {
      const ofLang = questions.filter((q) => q.lang === lang);
      const wronglyLearning = ofLang.filter((q) => q.kind !== 'learning' && readQuestion(q.q).learningOrder).map((q) => q.q);
      const learning = ofLang.filter((q) => q.kind === 'learning');
      const found = learning.filter((q) => readQuestion(q.q).learningOrder).length;
      expect(ofLang.length).toBeGreaterThanOrEqual(60);
      expect(wronglyLearning).toEqual([]);
      expect(found / learning.length).toBeGreaterThanOrEqual(0.7);
    });
  }
});
