// How much a word is part of everyday English, from a general frequency list (general-words.ts, generated):
// a word every text uses ("keep", "real") says little about which technical concept is meant. Korean words
// have no entry: weighing them so did not help retrieval.
import { generalWords } from './general-words.js';
import { tokenize } from './text.js';

let bands: Map<string, number> | undefined;

/** Stems of everyday words, each with the band of its most used form. Built once, on first use. */
function everydayStems(): Map<string, number> {
  const found = new Map<string, number>();
  for (const lists of Object.values(generalWords)) {
    for (const [band, words] of Object.entries(lists)) {
      for (const word of words.split(' ')) {
        // A form the tokenizer splits ("aren't") is no single word of a question.
        const tokens = tokenize(word);
        const token = tokens[0];
        if (tokens.length !== 1 || !token) continue;
        found.set(token.stem, Math.max(found.get(token.stem) ?? 0, Number(band)));
      }
    }
  }
  return found;
}

/** The Zipf band (log10 of uses per billion words) of a stem's most used form; 0 for a word not in everyday use. */
export function everydayUse(stem: string): number {
  bands ??= everydayStems();
  return bands.get(stem) ?? 0;
}
