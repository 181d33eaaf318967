// Normalising, tokenising and comparing text in either language.
import { englishStopwords, stem } from './english.js';
import { hangulSyllable, hangulSyllableClass } from './hangul.js';
import { isParticle, koreanStem, koreanStopwords } from './korean.js';

const latinThenHangul = new RegExp(`([a-z0-9])([${hangulSyllableClass}])`, 'gu');
const hangulThenLatin = new RegExp(`([${hangulSyllableClass}])([a-z0-9])`, 'gu');

/** NFKC and lower case: the form every comparison starts from. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Length in code points (what a person counts as characters), not UTF-16 units. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Folds case, width and separators so "Union FS", "union-fs" and "UnionFS" compare equal. */
export function normalizeTerm(text: string): string {
  return normalizeText(text).replace(/[\s\-_.·/(),:'"’]+/gu, '');
}

/** Words of a text, split at spaces, punctuation and changes of script ("containerd는" -> containerd, 는). */
export function queryWords(text: string): string[] {
  return normalizeText(text)
    .replace(latinThenHangul, '$1 $2')
    .replace(hangulThenLatin, '$1 $2')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

export type Script = 'latin' | 'hangul' | 'other';

export interface Token {
  /** The word as written (normalised). */
  word: string;
  /** Its stem: Porter for English, particles and endings removed for Korean. */
  stem: string;
  script: Script;
  /** A function word ("the", "어떻게"): kept for phrase matching, ignored as content. */
  stop: boolean;
}

function scriptOf(word: string): Script {
  if (hangulSyllable.test(word)) return 'hangul';
  if (/^[a-z0-9]+$/u.test(word)) return 'latin';
  return 'other';
}

/** Tokens of a text, at most `limit` of them (the caller's bound on work per question). */
export function tokenize(text: string, limit = Number.POSITIVE_INFINITY): Token[] {
  const words = queryWords(text.replace(/['’]s\b/gu, ''));
  const tokens: Token[] = [];
  for (const word of words) {
    if (tokens.length >= limit) break;
    const script = scriptOf(word);
    if (script === 'hangul') {
      const stemmed = koreanStem(word);
      tokens.push({ word, stem: stemmed, script, stop: koreanStopwords.has(word) || koreanStopwords.has(stemmed) || isParticle(word) });
    } else {
      tokens.push({ word, stem: script === 'latin' ? stem(word) : word, script, stop: englishStopwords.has(word) });
    }
  }
  return tokens;
}

/**
 * Edit distance counting an adjacent swap as one edit (optimal string alignment), giving up as soon as
 * it must exceed `max` (then returns max + 1). Two rows of memory; at most (|a|+1)·(2·max+1) cells.
 */
export function editDistance(a: string, b: string, max = Math.max(a.length, b.length)): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const cols = b.length + 1;
  let prevPrev = new Uint16Array(cols);
  let prev = new Uint16Array(cols);
  let row = new Uint16Array(cols);
  for (let j = 0; j < cols; j++) prev[j] = j;
  const big = max + 1;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(b.length, i + max);
    row.fill(big);
    row[0] = i;
    let rowBest = i <= max ? i : big;
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? big) + 1, (row[j - 1] ?? big) + 1, (prev[j - 1] ?? big) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (prevPrev[j - 2] ?? big) + 1);
      row[j] = Math.min(best, big);
      if (best < rowBest) rowBest = best;
    }
    if (rowBest > max) return big;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return Math.min(prev[b.length] ?? big, big);
}

/** Edits a word of this length may contain and still count as a typo of a name (Lucene's fuzzy steps). */
export function typoAllowance(length: number): number {
  return length >= 7 ? 2 : length >= 4 ? 1 : 0;
}
