// How a Korean reader pronounces the end of a name, which decides the particle after it (은/는, 이/가, 을/를,
// 과/와, 으로/로). Exact for Hangul and digits; for Latin script a rule over how loanwords are read, which also
// says when it is only guessing, so `seed --check` can ask for a written reading (`reading:` in concepts.yaml).
import { finalConsonant, rieulFinal } from './hangul.js';

/** The last sound of a word: a vowel, ㄹ (which takes 로, not 으로), or any other final consonant. */
export type FinalSound = 'none' | 'consonant' | 'rieul';

export interface Ending {
  sound: FinalSound;
  /** False when the rule guesses: Latin spelling does not settle how the word is read (kubelet 큐블릿, check 체크). */
  sure: boolean;
}

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

/** Letters read by name (엘, 엠, 엔, 알 end in a consonant; the others in a vowel): LXC, CRI, ctr. */
const letterFinals: Record<string, FinalSound> = { L: 'rieul', M: 'consonant', N: 'consonant', R: 'rieul' };

/** Stops that a short vowel before them turns into a final consonant in loanwords (kit 킷, stop 스톱) — or not (check 체크). */
const stops = new Set(['p', 't', 'k', 'c', 'b']);
const vowel = /[aeiouy]/u;

/**
 * The ending of one Latin word. Letters are spelled out when the word has no vowel (ctr, rm) or is a short
 * capitalised acronym (LXC, CRI); anything else is read as a loanword: m, n, ng take a consonant particle (런타임,
 * 엔진), l takes ㄹ (파일, 컨트롤), most other letters end in a vowel sound (도커, 빌드, 로그, 엑스). A final p, t, k or b
 * after a short vowel usually becomes a final consonant (킷, 스톱, 웹) but not always (체크, 비트): a guess.
 */
function latinEnding(token: string): Ending {
  const lower = token.toLowerCase();
  const spelled = token.length === 1 || !vowel.test(lower) || (token === token.toUpperCase() && token.length <= 4);
  if (spelled) return { sound: letterFinals[(token.at(-1) ?? '').toUpperCase()] ?? 'none', sure: true };
  // A silent e after a consonant: engine, runtime, file, service, ignore, create.
  const silentE = lower.length > 2 && /[^aeiouy]e$/u.test(lower);
  const stem = silentE ? lower.slice(0, -1) : lower;
  if (stem.endsWith('ng')) return { sound: 'consonant', sure: true };
  const end = stem.at(-1) ?? '';
  if (end === 'm' || end === 'n') return { sound: 'consonant', sure: true };
  if (end === 'l') return { sound: 'rieul', sure: true };
  if (!stops.has(end) || (silentE && (end === 'c' || end === 'g'))) return { sound: 'none', sure: true };
  // "ck" is one k after the vowel before it.
  const beforeStop = stem.endsWith('ck') ? stem.slice(0, -2) : stem.slice(0, -1);
  const previous = beforeStop.at(-1) ?? '';
  if (!vowel.test(previous)) return { sound: 'none', sure: true }; // after a consonant: 포인트, 컨텍스트, 런씨
  if (silentE) return { sound: 'none', sure: false }; // create 크리에이트, but type 타입
  const shortVowel = !vowel.test(beforeStop.at(-2) ?? '');
  return { sound: shortVowel ? 'consonant' : 'none', sure: false }; // kit 킷 / boot 부트, but check 체크, group 그룹
}

/** The ending of a text as it is written: its last Hangul syllable, digit or Latin word. */
export function writtenEnding(text: string): Ending {
  let trimmed = text.replace(/[\s\]"'’.,!?]+$/u, '');
  // A parenthesis after a word leaves the particle to the word: 운영체제(OS)는, 쓰기 시 복사(CoW)는.
  const parenthesised = /^(.*[^\s(])\s*\([^()]*\)$/u.exec(trimmed);
  if (parenthesised?.[1]) trimmed = parenthesised[1].replace(/[\s\]"'’.,!?]+$/u, '');
  const last = trimmed.at(-1);
  if (last === undefined) return { sound: 'none', sure: false };
  const final = finalConsonant(last);
  if (final !== undefined) return { sound: final === 0 ? 'none' : final === rieulFinal ? 'rieul' : 'consonant', sure: true };
  const digit = digitFinals[last];
  if (digit) return { sound: digit, sure: true };
  const token = /[A-Za-z]+$/u.exec(trimmed)?.[0];
  return token ? latinEnding(token) : { sound: 'none', sure: false };
}

/**
 * Readings given by the seed for names the rule cannot read (concepts.yaml `reading:`), by written name. Set from
 * the graph with the catalogue (and when a seed is loaded); a process that read neither falls back to the rule's guess.
 */
const readings = new Map<string, string>();
let generation = 0;

/** Replaces the known readings (name as written -> name as read, in Hangul); a list equal to the current one changes nothing. */
export function useReadings(entries: Iterable<readonly [string, string]>): void {
  const next = new Map(entries);
  if (next.size === readings.size && [...next].every(([name, reading]) => readings.get(name) === reading)) return;
  readings.clear();
  for (const [name, reading] of next) readings.set(name, reading);
  generation++;
}

/** Changes whenever the readings do, so a cache of rendered sentences knows to start afresh. */
export function readingsGeneration(): number {
  return generation;
}

/** The ending of a name as a Korean reader says it: its given reading when the seed has one, else as written. */
export function nameEnding(name: string): Ending {
  return writtenEnding(readings.get(name.trim()) ?? name);
}

export type ParticlePair = '은(는)' | '이(가)' | '을(를)' | '과(와)' | '으로(로)';

/** Particle pairs written "after-consonant(after-vowel)" in templates, and the form each sound takes. */
export const particlePairs: Record<ParticlePair, (sound: FinalSound) => string> = {
  '은(는)': (s) => (s === 'none' ? '는' : '은'),
  '이(가)': (s) => (s === 'none' ? '가' : '이'),
  '을(를)': (s) => (s === 'none' ? '를' : '을'),
  '과(와)': (s) => (s === 'none' ? '와' : '과'),
  // ㄹ takes 로 like a vowel: 파일로, 컨트롤로.
  '으로(로)': (s) => (s === 'consonant' ? '으로' : '로'),
};

/** The particle of a pair after a name: particleAfter('kubelet', '은(는)') = '은'. */
export function particleAfter(name: string, pair: ParticlePair): string {
  return particlePairs[pair](nameEnding(name).sound);
}
