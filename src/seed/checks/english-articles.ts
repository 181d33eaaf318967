// English articles (concepts.yaml `article:`): the renderer writes "a", "an" or "the" before a common noun in
// every English sentence, so an indefinite article must fit the sound the name starts with and must not stand
// before a plural. Only what the spelling settles is judged; anything else (an acronym, a digit) is the author's call.
import { inSentence } from '../../graph/sentences.js';
import type { CheckInput } from './context.js';

/** Words spelt with a vowel that start with a consonant sound (union, user, European, one) or the reverse (hour). */
const consonantSoundVowels = /^(uni|use|usu|uti|ure|uro|ubi|eu|ewe|one|once)/u;
const vowelSoundConsonants = /^(hour|honest|honou?r|heir)/u;

/**
 * The indefinite article the first word of `phrase` takes, or undefined when its spelling does not settle it: an
 * all-capital word is read letter by letter or as a word (an OCI…, a HEALTHCHECK…), a digit by its number.
 */
export function indefiniteArticleFor(phrase: string): 'a' | 'an' | undefined {
  const word = phrase.trimStart().split(/[\s-]/u)[0] ?? '';
  if (word.startsWith('.')) return 'a'; // ".dockerignore" is read "dot dockerignore"
  if (!/^[A-Za-z]/u.test(word) || (word.length > 1 && word === word.toUpperCase())) return undefined;
  const lower = word.toLowerCase();
  if (consonantSoundVowels.test(lower)) return 'a';
  if (vowelSoundConsonants.test(lower)) return 'an';
  return /^[aeiou]/u.test(lower) ? 'an' : 'a';
}

/** Whether the last word of `name` is an ordinary plural (cgroups, capabilities), not a singular in -ss, -us, -is … */
export function endsInPlural(name: string): boolean {
  const last = name.trim().split(/\s+/u).at(-1) ?? '';
  return /[a-z]s$/u.test(last) && last !== last.toUpperCase() && !/(ss|us|is|as|os)$/u.test(last);
}

export function checkEnglishArticles({ data, report }: CheckInput): void {
  data.concepts.forEach((concept, index) => {
    const article = concept.article;
    if (article === undefined || article === 'the') return;
    const entry = `concepts[${index}] (id: ${concept.id})`;
    const written = inSentence(concept.name.en);
    const where = ['concepts', index, 'article'];
    if (endsInPlural(written)) {
      report(
        'concepts',
        where,
        entry,
        `"${article} ${written}" puts a singular article before a plural`,
        'leave the article out (a plural stays bare: "runc uses cgroups"), or use "the" if one particular set is meant',
      );
      return;
    }
    const expected = indefiniteArticleFor(written);
    if (expected !== undefined && expected !== article) {
      report(
        'concepts',
        where,
        entry,
        `"${article} ${written}" does not fit the sound '${written}' starts with`,
        `write article: ${expected} ("${expected} ${written}")`,
      );
    }
  });
}
