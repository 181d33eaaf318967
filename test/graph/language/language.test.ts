import { describe, expect, it } from 'vitest';
import {
  codePointLength,
  detectLanguage,
  editDistance,
  everydayUse,
  finalConsonant,
  isHangulSyllable,
  koreanStem,
  normalizeTerm,
  singular,
  stem,
  tokenize,
} from '../../../src/graph/language/index.js';

/** The textbook full-matrix distance (with adjacent swaps), to check the bounded one against. */
function fullDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

describe('Korean', () => {
  it.each([
    ['컨테이너가', '컨테이너'],
    ['런타임은', '런타임'],
    ['도커에서', '도커'],
    ['관리하나요', '관리'],
    ['제공한다', '제공'],
    ['도커', '도커'],
    ['무엇이고', '무엇'],
    ['가', '가'],
    // A condition ending: "쓰면" (if you use) leaves a one-syllable stem, which is no content term.
    ['쓰면', '쓰'],
    ['돌리면', '돌리'],
  ])('stems %s to %s', (word, expected) => {
    expect(koreanStem(word)).toBe(expected);
  });

  it('knows syllables and their final consonants', () => {
    expect(isHangulSyllable('가')).toBe(true);
    expect(isHangulSyllable('a')).toBe(false);
    expect(finalConsonant('가')).toBe(0);
    expect(finalConsonant('날')).toBe(8);
    expect(finalConsonant('x')).toBeUndefined();
  });
});

describe('English', () => {
  it('stems inflections to one form with the Porter stemmer', () => {
    expect(new Set(['implements', 'implemented', 'implementing', 'implement'].map(stem)).size).toBe(1);
    expect(stem('containers')).toBe(stem('container'));
  });

  it('makes plurals singular and leaves other words alone', () => {
    expect(['containers', 'processes', 'cgroups', 'vms', 'os', 'class', 'status'].map(singular)).toEqual([
      'container',
      'process',
      'cgroup',
      'vm',
      'os',
      'class',
      'status',
    ]);
  });
});

describe('text', () => {
  it('folds case, width and separators', () => {
    expect(normalizeTerm('Union FS')).toBe(normalizeTerm('union-fs'));
    expect(normalizeTerm('ＵｎｉｏｎＦＳ')).toBe('unionfs');
  });

  it('counts code points after normalising, not UTF-16 units', () => {
    expect(codePointLength('😀😀')).toBe(2);
    expect(codePointLength('\ufdfa'.normalize('NFKC'))).toBe(18);
  });

  it('tokenises mixed scripts, marking stop words', () => {
    const tokens = tokenize('What does containerd는 관리하나요?');
    expect(tokens.map((t) => t.word)).toEqual(['what', 'does', 'containerd', '는', '관리하나요']);
    expect(tokens.map((t) => t.stop)).toEqual([true, true, false, true, false]);
    expect(tokens[4]?.stem).toBe('관리');
  });

  it('caps the number of tokens', () => {
    expect(tokenize('a b c d e f', 3)).toHaveLength(3);
  });

  it('detects Korean by the share of Hangul letters', () => {
    expect(detectLanguage('runc는 누가 관리하나요?')).toBe('ko');
    expect(detectLanguage('Who manages runc?')).toBe('en');
    expect(detectLanguage('???')).toBe('en');
  });
});

describe('bounded edit distance', () => {
  const words = ['kubernetes', 'kubernets', 'contaienr', 'container', 'containerd', 'runc', 'rnuc', '도커데몬', '도커대몬', '', 'a'];

  it('agrees with the full matrix whenever the distance is within the bound', () => {
    for (const a of words) {
      for (const b of words) {
        const full = fullDistance(a, b);
        for (const max of [0, 1, 2, 3]) {
          const bounded = editDistance(a, b, max);
          if (full <= max) expect(bounded, `${a} ${b} ${max}`).toBe(full);
          else expect(bounded, `${a} ${b} ${max}`).toBe(max + 1);
        }
      }
    }
  });

  it('gives up early on long, different strings', () => {
    expect(editDistance('x'.repeat(5000), 'y'.repeat(5000), 2)).toBe(3);
    expect(editDistance('x'.repeat(10), 'x'.repeat(5000), 2)).toBe(3);
  });
});

describe('everyday words', () => {
  it('knows how common an English word is, by its stem, and knows no word of the trade', () => {
    const use = (word: string) => everydayUse(tokenize(word)[0]?.stem ?? '');
    expect(use('keeping')).toBeGreaterThan(5.2);
    expect(use('kernel')).toBe(0);
    expect(use('namespace')).toBe(0);
  });
});
