// The word lists of the retrieval index: each concept's content terms (names, summary, describedAs) with their
// idf, and each relation's link terms (the words of the questions it answers, askedAs, less its ends' names;
// Korean ones with their shorter forms).
// Built as steps of the index build (graph-index.ts), so a large graph's build can pause between them.
import { tokenize } from '../language/index.js';
import type { ConceptRow, IndexedRelation, LexiconEntry, RelationRow, RetrievalIndex, Tick } from './graph-index.js';
import { retrievalWeights } from './weights.js';

/** Adds a value to a key's list, starting the list when the key is new. */
export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * A Korean stem's shorter forms of two syllables or more, longest first: a stem keeps what the stemmer could not
 * tell from an ending or a compound ("실행시키", "격리되"), so link words match on a shared start ("실행", "격리").
 */
export function hangulPrefixes(term: string): string[] {
  if (!/\p{Script=Hangul}/u.test(term)) return [];
  const chars = [...term];
  const prefixes: string[] = [];
  for (let n = chars.length - 1; n >= 2; n--) prefixes.push(chars.slice(0, n).join(''));
  return prefixes;
}

/** Content terms of a text: stems of its non-stop words (Korean stems of two syllables or more). */
export function contentTerms(text: string): string[] {
  return tokenize(text)
    .filter((t) => !t.stop && t.stem.length >= 2)
    .map((t) => t.stem);
}

/** The inverted index of content terms, their idf, and each name's specificity (set on the lexicon's entries). */
export function* termSteps(
  concepts: ConceptRow[],
  lexicon: LexiconEntry[],
  tick: Tick,
): Generator<void, Pick<RetrievalIndex, 'terms' | 'idf'>> {
  const terms = new Map<string, { concept: number; weight: number }[]>();
  for (const [concept, c] of concepts.entries()) {
    if (tick()) yield;
    const weights = new Map<string, number>();
    const add = (text: string, weight: number) => {
      for (const term of contentTerms(text)) weights.set(term, Math.max(weights.get(term) ?? 0, weight));
    };
    add(c.summary.en, 1);
    add(c.summary.ko, 1);
    for (const text of [...(c.describedAs?.en ?? []), ...(c.describedAs?.ko ?? [])])
      add(text, retrievalWeights.described.describedAsWeight);
    for (const text of [c.name.en, c.name.ko, ...c.aliases.en, ...c.aliases.ko]) add(text, retrievalWeights.described.nameTermBoost);
    for (const [term, weight] of weights) push(terms, term, { concept, weight });
  }
  const idf = new Map<string, number>();
  for (const [term, list] of terms) idf.set(term, Math.log((concepts.length + 1) / list.length));
  const maxIdf = Math.log(concepts.length + 1) || 1;
  for (const entry of lexicon) {
    if (tick()) yield;
    // The rarest word of the name decides: "docker daemon" is as specific as "daemon".
    const rarest = Math.max(0, ...contentTerms(entry.text).map((term) => idf.get(term) ?? maxIdf));
    entry.specificity = Math.min(1, rarest / maxIdf);
  }
  return { terms, idf };
}

/** Each relation's link terms (the words of its `askedAs` questions, by relation index; its ends' names left out) and their idf. */
export function* linkTermSteps(
  concepts: ConceptRow[],
  relations: IndexedRelation[],
  askedAs: readonly RelationRow['askedAs'][],
  tick: Tick,
): Generator<void, Map<string, number>> {
  const nameTerms = new Map<number, Set<string>>();
  const namesOf = (concept: number): Set<string> => {
    let known = nameTerms.get(concept);
    if (!known) {
      const c = concepts[concept];
      known = new Set(c ? [c.name.en, c.name.ko, c.id.replaceAll('-', ' '), ...c.aliases.en, ...c.aliases.ko].flatMap(contentTerms) : []);
      nameTerms.set(concept, known);
    }
    return known;
  };
  const df = new Map<string, number>();
  let documents = 0;
  for (const [r, relation] of relations.entries()) {
    if (tick()) yield;
    const asked = askedAs[r];
    if (!asked) continue;
    const names = new Set([...namesOf(relation.subject), ...namesOf(relation.object)]);
    const linkTerms = new Set([...asked.en, ...asked.ko].flatMap(contentTerms).filter((term) => !names.has(term)));
    relation.linkTerms = linkTerms;
    const prefixes = new Set([...linkTerms].flatMap(hangulPrefixes));
    relation.linkPrefixes = prefixes;
    documents++;
    for (const term of new Set([...linkTerms, ...prefixes])) df.set(term, (df.get(term) ?? 0) + 1);
  }
  const linkIdf = new Map<string, number>();
  for (const [term, n] of df) linkIdf.set(term, Math.log((documents + 1) / n));
  return linkIdf;
}
