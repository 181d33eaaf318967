// Language handling for English and Korean: Hangul, Korean particles, endings and how names are read, English stemming,
// tokenising, normalisation and typo distance. The one home of these ideas.
import { hangulCharacterClass } from './hangul.js';

const hangulCharacters = new RegExp(`[${hangulCharacterClass}]`, 'gu');

export { englishStopwords, singular, stem } from './english.js';
export { everydayUse } from './everyday.js';
export {
  finalConsonant,
  hangulCharacter,
  hangulCharacterClass,
  hangulSyllable,
  hangulSyllableClass,
  hangulSyllableFirst,
  hangulSyllableLast,
  hasHangul,
  isHangulSyllable,
  nieunFinal,
  rieulFinal,
} from './hangul.js';
export { koreanAdverbs, koreanStem, koreanStopwords } from './korean.js';
export {
  type Ending,
  type FinalSound,
  nameEnding,
  type ParticlePair,
  particleAfter,
  particlePairs,
  readingsGeneration,
  useReadings,
  writtenEnding,
} from './korean-reading.js';
export {
  codePointLength,
  editDistance,
  normalizeTerm,
  normalizeText,
  queryWords,
  type Script,
  type Token,
  tokenize,
  typoAllowance,
} from './text.js';

export type Language = 'en' | 'ko';

/** The language of a question: Korean when at least a fifth of its letters are Hangul. */
export function detectLanguage(text: string): Language {
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  const hangul = text.match(hangulCharacters)?.length ?? 0;
  return letters > 0 && hangul / letters >= 0.2 ? 'ko' : 'en';
}
