// Turns a relation into a sentence in English and Korean from the catalogue's templates, picks Korean
// particles by the final sound of the name before them, and chains sentences for path explanations.

import { hangulSyllableLast as hangulEnd, hangulSyllableFirst as hangulStart, rieulFinal } from './language/index.js';

type FinalSound = 'none' | 'consonant' | 'rieul';

/** Digits read in Sino-Korean: 0 영, 1 일, 2 이, 3 삼, 4 사, 5 오, 6 육, 7 칠, 8 팔, 9 구. */
const digitFinals: Record<string, FinalSound> = {
  '0': 'consonant',
  '1': 'rieul',
  '2': 'none',
  '3': 'consonant',
  '4': 'none',
  '5': 'none',
  '6': 'consonant',
  '7': 'rieul',
  '8': 'rieul',
  '9': 'none',
};

/** Acronyms are read letter by letter; only L (엘), M (엠), N (엔) and R (알) end in a consonant. */
const letterFinals: Record<string, FinalSound> = { L: 'rieul', M: 'consonant', N: 'consonant', R: 'rieul' };

/**
 * The final sound of a word as a Korean reader pronounces it. Exact for Hangul; for Latin script a
 * heuristic over common loanword endings (engine -> 엔진, runtime -> 런타임, file -> 파일, containerd -> 컨테이너디).
 */
export function finalSound(word: string): FinalSound {
  const trimmed = word.replace(/[\s)\]"'’.,!?]+$/u, '');
  const last = trimmed.at(-1);
  if (!last) return 'none';
  const code = last.codePointAt(0) ?? 0;
  if (code >= hangulStart && code <= hangulEnd) {
    const final = (code - hangulStart) % 28;
    if (final === 0) return 'none';
    return final === rieulFinal ? 'rieul' : 'consonant';
  }
  if (/[0-9]/.test(last)) return digitFinals[last] ?? 'none';
  const token = /[A-Za-z]+$/.exec(trimmed)?.[0] ?? '';
  if (token === '') return 'none';
  if (token.length === 1 || token === token.toUpperCase()) return letterFinals[(token.at(-1) ?? '').toUpperCase()] ?? 'none';
  const lower = token.toLowerCase();
  if (lower.endsWith('ng')) return 'consonant';
  const stem = /[^aeiou]e$/.test(lower) ? lower.slice(0, -1) : lower; // silent e: engine, runtime, file
  const end = stem.at(-1);
  if (end === 'm' || end === 'n') return 'consonant';
  if (end === 'l') return 'rieul';
  return 'none';
}

/** Particle pairs written as "after-consonant(after-vowel)" in templates. */
const particlePairs: Record<string, (sound: FinalSound) => string> = {
  '은(는)': (s) => (s === 'none' ? '는' : '은'),
  '이(가)': (s) => (s === 'none' ? '가' : '이'),
  '을(를)': (s) => (s === 'none' ? '를' : '을'),
  '과(와)': (s) => (s === 'none' ? '와' : '과'),
  '으로(로)': (s) => (s === 'consonant' ? '으로' : '로'),
};

const placeholderPattern = /\{(s|o)\}(은\(는\)|이\(가\)|을\(를\)|과\(와\)|으로\(로\))?/gu;

/** Renders a template with the subject and object names, choosing Korean particles. */
export function render(template: string, subject: string, object: string): string {
  return template.replace(placeholderPattern, (_match, slot: 's' | 'o', pair: string | undefined) => {
    const name = slot === 's' ? subject : object;
    const choose = pair ? particlePairs[pair] : undefined;
    return choose ? name + choose(finalSound(name)) : name;
  });
}

const clauseEndings: [RegExp, string][] = [
  [/한다$/u, '하고'],
  [/된다$/u, '되고'],
  [/이다$/u, '이고'],
  [/있다$/u, '있고'],
  [/없다$/u, '없고'],
  [/는다$/u, '고'],
];

/** The connective form of a Korean sentence ending, or undefined when the ending is not one we can join. */
export function toConnective(sentence: string): string | undefined {
  const body = sentence.replace(/[.。]\s*$/u, '');
  for (const [ending, connective] of clauseEndings) {
    if (ending.test(body)) return body.replace(ending, connective);
  }
  // A syllable with final ㄴ + 다 (쓴다, 돌린다): drop the ㄴ and add 고 (쓰고, 돌리고).
  const match = /(.)다$/u.exec(body);
  const syllable = match?.[1]?.codePointAt(0);
  if (syllable !== undefined && syllable >= hangulStart && syllable <= hangulEnd && (syllable - hangulStart) % 28 === 4) {
    return `${body.slice(0, -2)}${String.fromCodePoint(syllable - 4)}고`;
  }
  return undefined;
}

/** Joins sentences that each start from the previous one's last concept: "A is managed by B, which implements C". */
export function chainEnglish(sentences: { text: string; from: string }[]): string {
  return sentences.map(({ text, from }, index) => (index === 0 ? text : `which ${text.slice(from.length).trimStart()}`)).join(', ');
}

/** Joins Korean sentences as clauses: "…관리하고, containerd는 CRI를 구현한다". */
export function chainKorean(sentences: string[]): string {
  return sentences.map((sentence, index) => (index === sentences.length - 1 ? sentence : (toConnective(sentence) ?? sentence))).join(', ');
}

/** What is wrong with a template, in words a content author can act on; empty when it is fine. */
export function templateProblems(template: string, language: 'en' | 'ko', direction: 'forward' | 'inverse'): string[] {
  const problems: string[] = [];
  for (const slot of ['s', 'o'] as const) {
    const count = template.split(`{${slot}}`).length - 1;
    if (count !== 1) problems.push(`must contain {${slot}} exactly once (found ${count})`);
  }
  if (/\{(?![so]\})[^}]*\}/u.test(template)) problems.push('may use only the placeholders {s} and {o}');
  if (language === 'en') {
    const lead = direction === 'forward' ? '{s} ' : '{o} ';
    if (!template.startsWith(lead)) problems.push(`must start with "${lead}" so sentences can be chained`);
  } else {
    for (const match of template.matchAll(/\{[so]\}(\S*)/gu)) {
      const after = match[1] ?? '';
      if (/^(은\(는\)|이\(가\)|을\(를\)|과\(와\)|으로\(로\))/u.test(after)) continue;
      const fixed = /^(으로|은|는|이|가|을|를|과|와|로)/u.exec(after);
      if (fixed) {
        problems.push(
          `writes the particle "${fixed[1]}" right after a name: use the pair form 은(는), 이(가), 을(를), 과(와) or 으로(로) so it fits every name`,
        );
      }
    }
    if (/든다[.]?$/u.test(template)) problems.push('ends in an ㄹ-stem verb (만든다) that cannot be chained: use a verb such as 생성한다');
    const rendered = render(template, '도커', '런타임');
    if (toConnective(rendered) === undefined) {
      problems.push('must end in 한다, 된다, 이다, 있다, 없다, 는다 or a syllable with final ㄴ + 다, so clauses can be chained');
    }
  }
  return problems;
}
