// How a concept's names and aliases match the query: exactly or as a prefix (the keyword lookup), as a typo of
// the whole query, or sharing its words; each match with the score searchScores gives it.
import { must } from '../../must.js';
import { editDistance, hangulCharacter as hangul, normalizeTerm, typoAllowance } from '../language/index.js';
import type { Concept } from '../model.js';
import type { SearchHit } from '../search.js';
import { searchScores } from './weights.js';

export interface Candidate {
  concept: Concept;
  score: number;
  matched: SearchHit['matched'];
}

type Name = { text: string; field: 'name' | 'alias' };

function namesOf(concept: Concept): Name[] {
  return [
    { text: concept.name.en, field: 'name' },
    { text: concept.name.ko, field: 'name' },
    ...concept.aliases.en.map((text) => ({ text, field: 'alias' as const })),
    ...concept.aliases.ko.map((text) => ({ text, field: 'alias' as const })),
  ];
}

/** Which name or alias best explains a match: the one sharing the most query words (or their bigrams). */
export function bestName(concept: Concept, words: string[]): Name {
  const grams = new Set(
    words.flatMap((word) => (hangul.test(word) && word.length > 2 ? [...word].slice(1).map((c, i) => word[i] + c) : [word])),
  );
  let best = must(namesOf(concept)[0], 'namesOf');
  let bestScore = -1;
  for (const candidate of namesOf(concept)) {
    const folded = candidate.text.toLowerCase();
    const score = [...grams].filter((gram) => folded.includes(gram)).length;
    if (score > bestScore) [best, bestScore] = [candidate, score];
  }
  return best;
}

export type Typo = Name & { distance: number };

/** The name or alias the whole query is a typo of, if any (within Lucene's fuzzy allowance). */
export function closestName(concept: Concept, key: string): Typo | undefined {
  const allowance = typoAllowance(key.length);
  if (allowance === 0) return undefined;
  let best: Typo | undefined;
  for (const name of namesOf(concept)) {
    const distance = editDistance(key, normalizeTerm(name.text), allowance);
    if (distance > 0 && distance <= allowance && (!best || distance < best.distance)) best = { ...name, distance };
  }
  return best;
}

/** A typo match's candidate: fewer edits score higher. */
export function typoMatch(concept: Concept, typo: Typo): Candidate {
  const { base, closeness, maxEdits } = searchScores.typo;
  return {
    concept,
    score: base + closeness * (1 - typo.distance / maxEdits),
    matched: { field: typo.field, how: 'fuzzy', text: typo.text },
  };
}

/**
 * A concept the keyword lookup found, as the exact or prefix match of the normalised query `key` it is, if
 * either. The id counts too ("docker-cli"), but the reply shows the name it stands for.
 */
export function keyedMatch(concept: Concept, key: string): Candidate | undefined {
  const names = [
    ...namesOf(concept).map((name) => ({ ...name, key: normalizeTerm(name.text) })),
    { text: concept.name.en, field: 'name' as const, key: normalizeTerm(concept.id) },
  ];
  const exact = names.find((name) => name.key === key);
  if (exact) {
    const score = exact.field === 'name' ? searchScores.exact.name : searchScores.exact.alias;
    return { concept, score, matched: { field: exact.field, how: 'exact', text: exact.text } };
  }
  const prefixed = names.filter((name) => name.key.startsWith(key)).sort((a, b) => a.key.length - b.key.length)[0];
  if (!prefixed) return undefined;
  const { base, closeness, nameBonus } = searchScores.prefix;
  return {
    concept,
    score: base + closeness * (key.length / prefixed.key.length) + (prefixed.field === 'name' ? nameBonus : 0),
    matched: { field: prefixed.field, how: 'prefix', text: prefixed.text },
  };
}
