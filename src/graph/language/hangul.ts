// Hangul in Unicode: the one place its ranges and syllable arithmetic are defined.

/** Precomposed syllables 가..힣: 19 initials × 21 medials × 28 finals. */
export const hangulSyllableFirst = 0xac00;
export const hangulSyllableLast = 0xd7a3;
/** Index of ㄹ among the 28 finals of a syllable (0 is "no final"). */
export const rieulFinal = 8;
/** Index of ㄴ among the finals. */
export const nieunFinal = 4;

/** The syllable range as a regular-expression class body, for patterns built around it. */
export const hangulSyllableClass = '\\uac00-\\ud7a3';
/** Syllables, conjoining jamo (U+1100–U+11FF) and compatibility jamo (U+3130–U+318F). */
export const hangulCharacterClass = `\\u1100-\\u11ff\\u3130-\\u318f${hangulSyllableClass}`;

export const hangulCharacter = new RegExp(`[${hangulCharacterClass}]`, 'u');
export const hangulSyllable = new RegExp(`[${hangulSyllableClass}]`, 'u');

export function isHangulSyllable(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return code >= hangulSyllableFirst && code <= hangulSyllableLast;
}

export function hasHangul(text: string): boolean {
  return hangulCharacter.test(text);
}

/** The final consonant index (0 none, 1..27) of a precomposed syllable, or undefined for any other character. */
export function finalConsonant(char: string): number | undefined {
  const code = char.codePointAt(0) ?? 0;
  return code >= hangulSyllableFirst && code <= hangulSyllableLast ? (code - hangulSyllableFirst) % 28 : undefined;
}
