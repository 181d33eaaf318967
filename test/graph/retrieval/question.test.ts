// Reading a question: when it asks what to learn first, and which words set concepts aside.
import { describe, expect, it } from 'vitest';
import { readQuestion } from '../../../src/graph/retrieval/question.js';

describe('learning-order intent', () => {
  it('needs a word of learning beside an order word, or a prerequisite', () => {
    for (const q of [
      'What should I learn before Kubernetes?',
      'prerequisites of cgroups',
      '쿠버네티스를 배우려면 먼저 뭘 알아야 해?',
      'libcontainer 선수 개념',
    ]) {
      expect(readQuestion(q).learningOrder, q).toBe(true);
    }
  });

  it('is not switched on by "basically", "first" or "before" alone', () => {
    for (const q of [
      'Basically, what does docker push talk to?',
      'Before a container starts, what does runc use?',
      '이미지를 올리기 전에 무엇을 써?',
      '기본적으로 도커 허브는 무엇을 제공해?',
    ]) {
      expect(readQuestion(q).learningOrder, q).toBe(false);
    }
  });
});

describe('exclusions', () => {
  it('finds English cues before the names they set aside and Korean cues after them', () => {
    const english = readQuestion('Which parts are there other than the daemon?');
    expect(english.exclusions).toEqual([{ token: english.tokens.findIndex((t) => t.word === 'than'), after: true }]);
    const korean = readQuestion('데몬 말고 다른 구성 요소는?');
    expect(korean.exclusions).toEqual([{ token: 1, after: false }]);
    expect(readQuestion('Which parts does Docker Engine have?').exclusions).toEqual([]);
  });
});
